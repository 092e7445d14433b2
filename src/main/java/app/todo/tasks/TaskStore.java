package app.todo.tasks;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import app.todo.platform.database.EntityManagers;
import app.todo.platform.database.ReadConnections;
import app.todo.platform.problem.ProblemException;

/**
 * The tasks of one owner at a time: every query names the owner, so a task of someone else is
 * never found, whatever id is asked for. Changes run in a JTA transaction ({@code @Transactional}) and lock the row
 * (SELECT … FOR UPDATE) before the If-Match comparison, so of two concurrent updates against the same version
 * exactly one wins. Reads are one SQL query each, outside any transaction ({@link ReadConnections}), mapped straight
 * to {@link TaskView}s: the entity ({@link Task}) is the model of changes only.
 */
@ApplicationScoped
public class TaskStore {

    /** The columns {@link #views} reads, in its order (db/migration/V1__tasks.sql). */
    private static final String COLUMNS = "id, owner, title, description, completed, created_at, updated_at, version";

    @Inject
    EntityManagers persistence;

    @Inject
    ReadConnections reads;

    private final Clock clock = Clock.systemUTC();

    @Transactional
    public TaskView create(String owner, TaskChanges fields) {
        Task task = new Task(owner, fields.title().orElseThrow(), fields.description(),
                fields.completed().orElse(false), clock.instant());
        em().persist(task);
        em().flush();
        return TaskView.of(task);
    }

    public Optional<TaskView> find(String owner, String id) {
        return TaskIds.canonical(id).flatMap(taskId -> reads.read(connection -> {
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
    public TaskPage list(String owner, TaskFilter filter) {
        TaskSort sort = filter.sort();
        String column = sort.column();
        String beyond = sort.descending() ? " < ?" : " > ?";
        String direction = sort.descending() ? " DESC" : " ASC";
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM tasks WHERE owner = ?");
        filter.completed().ifPresent(c -> sql.append(" AND completed = ?"));
        filter.after().ifPresent(c -> sql.append(" AND (").append(column).append(beyond)
                .append(" OR (").append(column).append(" = ? AND id").append(beyond).append("))"));
        sql.append(" ORDER BY ").append(column).append(direction).append(", id").append(direction).append(" LIMIT ?");

        List<TaskView> found = reads.read(connection -> {
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
                views.add(new TaskView(rows.getString(1), rows.getString(3), rows.getString(4), rows.getBoolean(5),
                        rows.getString(2), rows.getObject(6, OffsetDateTime.class).toInstant(),
                        rows.getObject(7, OffsetDateTime.class).toInstant(), rows.getLong(8)));
            }
        }
        return views;
    }

    @Transactional
    public Optional<TaskView> update(String owner, String id, Optional<String> ifMatch, TaskChanges changes) {
        return locked(owner, id, ifMatch).map(task -> {
            task.change(changes, clock.instant());
            em().flush();
            return TaskView.of(task);
        });
    }

    @Transactional
    public Optional<TaskView> toggleCompleted(String owner, String id, Optional<String> ifMatch) {
        return locked(owner, id, ifMatch).map(task -> {
            task.toggleCompleted(clock.instant());
            em().flush();
            return TaskView.of(task);
        });
    }

    /** Deletes the task; false when there is none of that id for this owner. */
    @Transactional
    public boolean delete(String owner, String id) {
        Optional<Task> task = locked(owner, id, Optional.empty());
        task.ifPresent(em()::remove);
        return task.isPresent();
    }

    /** The owner's task, row-locked, after checking If-Match against its current version (412 when stale). */
    private Optional<Task> locked(String owner, String id, Optional<String> ifMatch) {
        Optional<Task> task = TaskIds.canonical(id).flatMap(taskId -> lockedRow(owner, taskId));
        if (task.isPresent() && ifMatch.isPresent() && !EntityTags.matches(ifMatch.get(), task.get().version())) {
            throw new ProblemException(412, "The task has changed since the version given in If-Match.");
        }
        return task;
    }

    private Optional<Task> lockedRow(String owner, String id) {
        return em().createQuery("select t from Task t where t.id = :id and t.owner = :owner", Task.class)
                .setParameter("id", id)
                .setParameter("owner", owner)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .findFirst();
    }

    private EntityManager em() {
        return persistence.current();
    }
}
