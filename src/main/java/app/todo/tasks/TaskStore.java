package app.todo.tasks;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;

import app.todo.platform.database.EntityManagers;
import app.todo.platform.problem.ProblemException;

/**
 * The tasks of one owner at a time: every query names the owner, so a task of someone else is
 * never found, whatever id is asked for. Changes are JPA changes of the entity ({@link Task}), each in one
 * resource-local transaction ({@link EntityManagers#inTransaction}), written on the condition that the row's version
 * is still the one read (optimistic locking, no row lock unless two changes of a row met): of two concurrent
 * updates against the same version exactly one wins. Reads are one SQL query each, outside any transaction
 * ({@link EntityManagers#read}), mapped straight to {@link TaskView}s: the entity is the model of changes only.
 */
@ApplicationScoped
public class TaskStore {

    /** The columns {@link #views} reads, in its order (db/migration/V1__tasks.sql). */
    private static final String COLUMNS = "id, owner, title, description, completed, created_at, updated_at, version";

    @Inject
    EntityManagers persistence;

    private final Clock clock = Clock.systemUTC();

    private static final String STALE = "The task has changed since the version given in If-Match.";

    public TaskView create(String owner, TaskChanges fields) {
        Task task = new Task(owner, fields.title().orElseThrow(), fields.description(),
                fields.completed().orElse(false), clock.instant());
        persistence.inTransaction(em -> {
            em.persist(task);
            return task;
        });
        return task.view();
    }

    public Optional<TaskView> find(String owner, String id) {
        return Task.canonicalId(id).flatMap(taskId -> persistence.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM tasks WHERE id = ? AND owner = ?")) {
                query.setString(1, taskId);
                query.setString(2, owner);
                List<TaskView> found = views(query);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        }));
    }

    /**
     * One page of the owner's tasks in the filter's keyset order: at most {@code limit} tasks, and the cursor after
     * the last one when there are more.
     */
    public TaskPage list(String owner, TaskQuery filter) {
        TaskSort sort = filter.sort();
        String column = sort.column();
        String beyond = sort.descending() ? " < ?" : " > ?";
        String direction = sort.descending() ? " DESC" : " ASC";
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM tasks WHERE owner = ?");
        filter.completed().ifPresent(c -> sql.append(" AND completed = ?"));
        filter.after().ifPresent(c -> sql.append(" AND (").append(column).append(beyond)
                .append(" OR (").append(column).append(" = ? AND id").append(beyond).append("))"));
        sql.append(" ORDER BY ").append(column).append(direction).append(", id").append(direction).append(" LIMIT ?");

        List<TaskView> found = persistence.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql.toString())) {
                int parameter = 1;
                query.setString(parameter++, owner);
                if (filter.completed().isPresent()) {
                    query.setBoolean(parameter++, filter.completed().get());
                }
                if (filter.after().isPresent()) {
                    TaskCursor after = filter.after().get();
                    Object key = sort.parseKey(after.key()).orElseThrow();
                    query.setObject(parameter++, key);
                    query.setObject(parameter++, key);
                    query.setString(parameter++, after.id());
                }
                query.setInt(parameter, filter.limit() + 1);
                return views(query);
            }
        });
        boolean more = found.size() > filter.limit();
        List<TaskView> page = more ? found.subList(0, filter.limit()) : found;
        Optional<TaskCursor> next = more ? Optional.of(TaskCursor.after(sort, page.get(page.size() - 1))) : Optional.empty();
        return new TaskPage(page, next);
    }

    private static List<TaskView> views(PreparedStatement query) throws SQLException {
        List<TaskView> views = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                // getTimestamp, not getObject(i, OffsetDateTime.class): Payara's pool wrapper answers the latter by
                // looking the driver's method up by reflection on every call (~5 % of a listing's CPU, async-profiler,
                // docs/performance.md, session 20); both give the instant of a TIMESTAMP WITH TIME ZONE.
                views.add(new TaskView(rows.getString(1), rows.getString(3), rows.getString(4), rows.getBoolean(5),
                        rows.getString(2), rows.getTimestamp(6).toInstant(), rows.getTimestamp(7).toInstant(),
                        rows.getLong(8)));
            }
        }
        return views;
    }

    public Optional<TaskView> update(String owner, String id, Optional<String> ifMatch, TaskChanges changes) {
        return changed(owner, id, ifMatch, (em, task) -> task.change(changes, clock.instant()));
    }

    public Optional<TaskView> toggleCompleted(String owner, String id, Optional<String> ifMatch) {
        return changed(owner, id, ifMatch, (em, task) -> task.toggleCompleted(clock.instant()));
    }

    /** Deletes the task; false when there is none of that id for this owner. */
    public boolean delete(String owner, String id) {
        return changed(owner, id, Optional.empty(), EntityManager::remove).isPresent();
    }

    /**
     * Reads the owner's task, checks If-Match against the version read (412 when stale), applies the change and
     * writes it with the version read as its condition ({@code UPDATE … WHERE id = ? AND version = ?}, JPA's
     * optimistic locking). When another transaction changed the row in between, nothing is written: with If-Match
     * that is a 412 (the version given is no longer current); without, the change is made once more, on the row
     * read with a lock this time ({@code SELECT … FOR UPDATE}), so that it cannot lose again. So of two concurrent
     * changes neither is lost, on any number of nodes, and a row is locked only when two changes of it met.
     */
    private Optional<TaskView> changed(String owner, String id, Optional<String> ifMatch,
                                       BiConsumer<EntityManager, Task> change) {
        Optional<String> taskId = Task.canonicalId(id);
        if (taskId.isEmpty()) {
            return Optional.empty();
        }
        try {
            return change(owner, taskId.get(), ifMatch, change, LockModeType.NONE);
        } catch (OptimisticLockException e) {
            if (ifMatch.isPresent()) {
                throw new ProblemException(412, STALE);
            }
            return change(owner, taskId.get(), ifMatch, change, LockModeType.PESSIMISTIC_WRITE);
        }
    }

    private Optional<TaskView> change(String owner, String id, Optional<String> ifMatch,
                                      BiConsumer<EntityManager, Task> change, LockModeType lock) {
        return persistence.inTransaction(em -> row(em, owner, id, lock).map(task -> {
            if (ifMatch.isPresent() && !TaskView.listed(ifMatch.get(), "\"" + task.version() + "\"", false)) {
                throw new ProblemException(412, STALE);
            }
            change.accept(em, task);
            return task;
        })).map(Task::view);
    }

    private static Optional<Task> row(EntityManager em, String owner, String id, LockModeType lock) {
        return em.createQuery("select t from Task t where t.id = :id and t.owner = :owner", Task.class)
                .setParameter("id", id)
                .setParameter("owner", owner)
                .setLockMode(lock)
                .getResultStream()
                .findFirst();
    }
}
