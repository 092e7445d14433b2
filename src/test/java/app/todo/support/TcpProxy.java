package app.todo.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on 127.0.0.1 that a test can cut: {@link #stop()} closes the listener and every
 * open connection, as a database that goes away would; {@link #start()} listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
        start();
    }

    /** A proxy in front of the database of a JDBC URL such as {@code jdbc:postgresql://host:5432/db}. */
    public static TcpProxy toDatabase(String jdbcUrl) throws IOException {
        java.net.URI db = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        return new TcpProxy(db.getHost(), db.getPort());
    }

    /**
     * The operator command's environment for the suite's PostgreSQL reached through this proxy: the test secret,
     * {@code TODO_DB_URL} naming the proxy, and the suite's user and password.
     */
    public java.util.Map<String, String> databaseEnv(String jdbcUrl) {
        java.net.URI db = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("BETTER_AUTH_SECRET", Tokens.SECRET);
        env.put("TODO_DB_URL", jdbcUrl.replace(db.getHost() + ":" + db.getPort(), "127.0.0.1:" + port));
        env.put("TODO_DB_USER", System.getenv().getOrDefault("TODO_DB_USER", "postgres"));
        env.put("TODO_DB_PASSWORD", System.getenv().getOrDefault("TODO_DB_PASSWORD", ""));
        return env;
    }

    public int port() {
        return port;
    }

    public synchronized void start() throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = server;
        Thread acceptor = new Thread(() -> accept(server), "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                // listener closed, or the target refused: drop this connection
            }
        }
    }

    private void pump(Socket from, Socket to, boolean toServer) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    Cut armed = toServer ? cut : null;
                    boolean cutHere = armed != null && contains(buffer, n, armed.marker) && claim(armed);
                    if (cutHere && !armed.forwardFirst) {
                        cutConnections();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    if (cutHere) {
                        cutConnections();
                        return;
                    }
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** A cut armed by {@link #cutAt}: the first client message holding {@code marker}. */
    private record Cut(byte[] marker, boolean forwardFirst) {
    }

    private volatile Cut cut;

    /**
     * Arms one cut: the first chunk the server (the database's client) sends that holds {@code marker} (e.g. the
     * SQL text {@code "COMMIT"} in PostgreSQL's Parse message) cuts every connection, before the chunk is
     * forwarded or, with {@code forwardFirst}, right after it (the database may then have acted on it: a commit
     * whose outcome the server cannot know). The proxy keeps listening: new connections get through.
     */
    public void cutAt(String marker, boolean forwardFirst) {
        cut = new Cut(marker.getBytes(java.nio.charset.StandardCharsets.US_ASCII), forwardFirst);
    }

    /** Disarms a cut that has not happened. */
    public void disarm() {
        cut = null;
    }

    /** Whether the armed cut has happened (or none was armed). */
    public boolean cutDone() {
        return cut == null;
    }

    private synchronized boolean claim(Cut armed) {
        if (cut != armed) {
            return false;
        }
        cut = null;
        return true;
    }

    private static boolean contains(byte[] buffer, int length, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buffer[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Every open connection cut; new ones still accepted. */
    public void cutConnections() {
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** The database is gone: no listener, every connection cut. */
    public synchronized void stop() {
        closeQuietly(listener);
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        stop();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception e) {
            // already closed
        }
    }
}
