package app.todo.identity.service;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Schedulers of this package's own, for when the container offers no managed one. */
final class Schedulers {

    private Schedulers() {
    }

    /** One daemon thread of this name; the caller shuts it down. */
    static ScheduledExecutorService ownDaemon(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }
}
