package app.todo.platform;

import java.io.IOException;
import java.io.InputStream;

/** Reads a request body into memory, refusing one over the limit with 413 before it is all read. */
public final class RequestBodies {

    public static final int MAX_BYTES = 64 * 1024;

    private RequestBodies() {
    }

    public static byte[] read(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new ProblemException(413, "The request body is larger than 64 KiB.");
        }
        return bytes;
    }
}
