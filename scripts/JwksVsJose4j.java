import com.sun.net.httpserver.HttpServer;
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.time.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import org.jose4j.http.Get;
import org.jose4j.jwk.*;
import org.jose4j.jws.*;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import app.todo.identity.keys.*;

/**
 * Why identity.keys fetches and caches the JWKS itself: jose4j's HttpsJwks + HttpsJwksVerificationKeyResolver (the
 * jose4j the WAR bundles, configured as strictly as it allows: our timeouts and size bound, no retries, a 2 s refresh
 * reprieve, cached keys kept on error) and our JwksKeys + JwksFetcher (the defaults of TokenSettings) against the same
 * local JWKS server, the same scenarios, one after the other. Takes about 3 minutes (the dripping server). From the
 * repository root, after mvn compile:
 *
 * <pre>java -cp target/classes:$HOME/.m2/repository/org/bitbucket/b_c/jose4j/0.9.6/jose4j-0.9.6.jar:\
 *   $HOME/.m2/repository/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar scripts/JwksVsJose4j.java 2>/dev/null</pre>
 *
 * 2026-12-04, jose4j 0.9.6, machine shared: (1) JWKS up, 50 forged kids: jose4j 1 fetch, ours 2 in 2.1 s (one at
 * once, one owed); (2) JWKS answering 503 after a good fetch, 50 forged kids: jose4j 50 fetches, ours 2; (3) JWKS
 * stalling 3 s, 8 concurrent unknown kids: jose4j's slowest answer 24,058 ms (8 fetches, one after another on its
 * lock), ours 3,021 ms (1 fetch); (4) a 160-byte JWKS dripping one byte a second: jose4j's Get 159,266 ms (each read
 * within its read timeout), ours 5,019 ms (the whole-exchange deadline); (5) a 302: jose4j follows it, ours refuses it.
 */
public class JwksVsJose4j {
    static volatile String mode = "up"; // up, down, stall, drip
    static final AtomicInteger hits = new AtomicInteger();
    static String jwks;

    public static void main(String[] a) throws Exception {
        EllipticCurveJsonWebKey k = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        k.setKeyId("k1"); k.setUse("sig");
        jwks = new JsonWebKeySet(k).toJson();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/jwks", ex -> {
            hits.incrementAndGet();
            try (ex) {
                String m = mode;
                if (m.equals("stall")) { Thread.sleep(3_000); ex.sendResponseHeaders(503, -1); return; }
                if (m.equals("down")) { ex.sendResponseHeaders(503, -1); return; }
                byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
                if (m.equals("drip")) {
                    ex.sendResponseHeaders(200, body.length);
                    OutputStream out = ex.getResponseBody();
                    for (byte b : body) { out.write(b); out.flush(); Thread.sleep(1_000); }
                    out.close(); return;
                }
                if (m.equals("redirect")) { ex.getResponseHeaders().set("Location", "/other"); ex.sendResponseHeaders(302, -1); return; }
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            } catch (InterruptedException e) { }
        });
        server.createContext("/other", ex -> { try (ex) { byte[] b = jwks.getBytes(); ex.sendResponseHeaders(200, b.length); ex.getResponseBody().write(b);} });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";

        // jose4j, configured as strictly as it allows: our timeouts and size bound, no retries, 2 s reprieve, keep keys on error
        Get get = new Get();
        get.setConnectTimeout(2000); get.setReadTimeout(3000); get.setRetries(0); get.setResponseBodySizeLimit(64 * 1024);
        HttpsJwks https = new HttpsJwks(url);
        https.setSimpleHttpGet(get); https.setRefreshReprieveThreshold(2000); https.setRetainCacheOnErrorDuration(2); https.setDefaultCacheDuration(300);
        HttpsJwksVerificationKeyResolver resolver = new HttpsJwksVerificationKeyResolver(https);

        ScheduledExecutorService sched = Executors.newSingleThreadScheduledExecutor(r -> { Thread t = new Thread(r); t.setDaemon(true); return t; });
        JwksKeys ours = new JwksKeys(new JwksFetcher(URI.create(url), Duration.ofSeconds(2), Duration.ofSeconds(3)), Clock.systemUTC(),
                Duration.ofSeconds(2), Duration.ofSeconds(6), sched);

        mode = "up";
        hits.set(0); https.refresh(); ours.refresh();
        System.out.println("start-up fetches: " + hits.get());
        Thread.sleep(2100);

        // 1. JWKS up: 100 forged kids within a second
        hits.set(0); for (int i = 0; i < 50; i++) resolve(resolver, "forged-" + i);
        int jose = hits.get(); hits.set(0); for (int i = 0; i < 50; i++) ours.keysFor("ES256", "forged-" + i); Thread.sleep(2100); // the owed fetch counts too
        System.out.println("1 up, 50 forged kids in <1 s: fetches jose4j=" + jose + " ours=" + hits.get());
        Thread.sleep(2100);

        // 2. JWKS down after a good fetch
        mode = "down";
        hits.set(0); for (int i = 0; i < 50; i++) resolve(resolver, "forged-d" + i);
        jose = hits.get(); hits.set(0); for (int i = 0; i < 50; i++) ours.keysFor("ES256", "forged-d" + i); Thread.sleep(2100); // the owed fetch counts too
        System.out.println("2 down after a good fetch, 50 forged kids: fetches jose4j=" + jose + " ours=" + hits.get());
        System.out.println("  known kid while down: jose4j=" + (resolve(resolver, "k1") ? "key" : "none") + " ours=" + ours.keysFor("ES256", "k1").size());
        Thread.sleep(2100);

        // 3. a stalled JWKS (3 s, then 503): 8 concurrent requests with unknown kids, slowest answer
        mode = "stall";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        hits.set(0); long joseMax = slowest(pool, () -> resolve(resolver, "forged-s" + UUID.randomUUID()));
        jose = hits.get(); Thread.sleep(2100);
        hits.set(0); long oursMax = slowest(pool, () -> ours.keysFor("ES256", "forged-s" + UUID.randomUUID()));
        System.out.println("3 stalled JWKS (3 s), 8 concurrent unknown kids: slowest answer jose4j=" + joseMax + " ms (" + jose + " fetches) ours=" + oursMax + " ms (" + hits.get() + " fetches)");
        Thread.sleep(4000);

        // 4. JWKS dripping one byte per second (each read within the 3 s read timeout)
        mode = "drip";
        long t = System.nanoTime(); String r;
        try { get.get(url); r = "body"; } catch (IOException e) { r = e.toString(); }
        long joseDrip = (System.nanoTime() - t) / 1_000_000;
        t = System.nanoTime();
        try { new JwksFetcher(URI.create(url), Duration.ofSeconds(2), Duration.ofSeconds(3)).fetch(); r += " / body"; } catch (IOException e) { r += " / " + e.getMessage(); }
        System.out.println("4 dripping JWKS (" + jwks.length() + " bytes, 1 byte/s): jose4j Get " + joseDrip + " ms, ours " + (System.nanoTime() - t) / 1_000_000 + " ms: " + r);

        // 5. redirect
        mode = "redirect";
        try { get.get(url); r = "followed"; } catch (IOException e) { r = e.getMessage(); }
        try { new JwksFetcher(URI.create(url), Duration.ofSeconds(2), Duration.ofSeconds(3)).fetch(); r += " / followed"; } catch (IOException e) { r += " / " + e.getMessage(); }
        System.out.println("5 302 redirect: jose4j " + r);
        System.exit(0);
    }

    static boolean resolve(HttpsJwksVerificationKeyResolver resolver, String kid) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmHeaderValue("ES256"); jws.setKeyIdHeaderValue(kid); jws.setPayload("{}");
            JsonWebSignature parsed = new JsonWebSignature();
            parsed.setCompactSerialization(jws.getHeaders().getEncodedHeader() + ".e30.AAAA");
            return resolver.resolveKey(parsed, List.of()) != null;
        } catch (Exception e) { return false; }
    }

    static long slowest(ExecutorService pool, Runnable r) throws Exception {
        List<Future<Long>> fs = new ArrayList<>();
        for (int i = 0; i < 8; i++) fs.add(pool.submit(() -> { long t = System.nanoTime(); r.run(); return (System.nanoTime() - t) / 1_000_000; }));
        long max = 0; for (Future<Long> f : fs) max = Math.max(max, f.get());
        return max;
    }
}
