import java.io.*; import java.net.*; import java.nio.charset.StandardCharsets; import java.util.*; import java.util.concurrent.*;
/**
 * Slow clients against a running node (issue 21), for docs/reliability.md: `TOKEN=<a valid bearer token for user
 * user-rel-1> java scripts/SlowClientsProbe.java PORT expect`, or `... PORT slow|slowauth N`: N connections that
 * announce a body and send one byte a second (without a token, 100 kB; with one, 60 kB) while GET /api/me is timed
 * once a second. Not a benchmark: a before/after pair on one machine.
 */
public class SlowClientsProbe {
  static String T;
  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]); String mode = a[1]; T = System.getenv("TOKEN");
    if (mode.equals("expect")) { // POST no token, Expect 100
      try (Socket s = new Socket("127.0.0.1", port)) { s.setSoTimeout(15000);
        long t0=System.nanoTime();
        s.getOutputStream().write(("POST /api/u/tasks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 60000\r\nExpect: 100-continue\r\n\r\n").getBytes());
        byte[] b = new byte[4096]; int n = s.getInputStream().read(b);
        System.out.println((System.nanoTime()-t0)/1_000_000 + " ms: " + new String(b,0,Math.max(n,0)).split("\r\n")[0]);
        n = s.getInputStream().read(b);
        System.out.println((System.nanoTime()-t0)/1_000_000 + " ms: " + (n<0?"EOF":new String(b,0,n).split("\r\n")[0]));
      }
      return;
    }
    int slow = Integer.parseInt(a[2]); boolean auth = mode.equals("slowauth");
    List<Socket> socks = new CopyOnWriteArrayList<>();
    for (int i = 0; i < slow; i++) {
      Socket s = new Socket("127.0.0.1", port); socks.add(s);
      s.getOutputStream().write(("POST /api/user-rel-1/tasks HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "+(auth?60000:100000)+"\r\n" + (auth? "Authorization: Bearer "+T+"\r\n":"") + "\r\n").getBytes());
    }
    Thread feeder = new Thread(() -> { try { for (int k=0;k<30;k++){ for (Socket s: socks) { try { s.getOutputStream().write('x'); } catch (IOException e) {} } Thread.sleep(1000);} } catch (Exception e) {} });
    feeder.setDaemon(true); feeder.start();

    for (int i = 0; i < 10; i++) {
      long t0 = System.nanoTime();
      try (Socket s = new Socket("127.0.0.1", port)) { s.setSoTimeout(30000);
        s.getOutputStream().write(("GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+T+"\r\nConnection: close\r\n\r\n").getBytes());
        String line = new BufferedReader(new InputStreamReader(s.getInputStream())).readLine();
        System.out.println("me " + (System.nanoTime()-t0)/1_000_000 + " ms " + line);
      }
      Thread.sleep(1000);
    }
    int closed=0; for (Socket s: socks) { try { s.setSoTimeout(1); int r = s.getInputStream().read(); if (r<0) closed++; else closed++; } catch (SocketTimeoutException e) {} catch (IOException e) {closed++;} }
    System.out.println("slow connections answered/closed: " + closed + "/" + slow);
    for (Socket s: socks) s.close();
  }
}
