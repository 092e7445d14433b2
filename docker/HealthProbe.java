import java.net.HttpURLConnection;
import java.net.URI;

/**
 * Docker HEALTHCHECK for todo-api: exits 0 when the URL (default {@code /health/ready} on port 8080) answers
 * 200, else 1. The Payara Micro image is not guaranteed to ship curl or wget, but it always has a JDK, so the
 * probe is plain Java: compiled once in the image, run by {@code java -cp probe HealthProbe}.
 * HttpURLConnection speaks plain HTTP/1.1 (no h2c upgrade) and has hard timeouts, so a hung server fails the
 * check instead of piling up probe processes.
 */
public final class HealthProbe {

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:8080/health/ready";
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(3000);
            int status = connection.getResponseCode();
            System.out.println(url + " -> " + status);
            System.exit(status == 200 ? 0 : 1);
        } catch (Exception e) {
            System.out.println(url + " -> " + e);
            System.exit(1);
        }
    }
}
