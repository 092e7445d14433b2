package app.todo.tasks;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import app.todo.platform.database.EntityManagers;
import app.todo.platform.problem.ProblemException;

/**
 * The tasks of one owner at a time: every query names the owner, so a task of someone else is
 * never found, whatever id is asked for. Changes run in a JTA transaction ({@code @Transactional}) and lock the row
 * (SELECT … FOR UPDATE) before the If-Match comparison, so of two concurrent updates against the same version
 * exactly one wins. Reads (one SELECT each) run outside any transaction ({@link EntityManagers#read}).
 */
@ApplicationScoped
public class TaskStore {

    @Inject
    EntityManagers persistence;

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
        return TaskIds.canonical(id).flatMap(taskId -> persistence.read(
                em -> owned(em, owner, taskId, LockModeType.NONE).map(TaskView::of)));
    }

    public TaskPage list(String owner, TaskFilter filter) {
        return persistence.read(em -> list(em, owner, filter));
    }

    private TaskPage list(EntityManager em, String owner, TaskFilter filter) {
        TaskSort sort = filter.sort();
        StringBuilder jpql = new StringBuilder("select t from Task t where t.owner = :owner");
        filter.completed().ifPresent(c -> jpql.append(" and t.completed = :completed"));
        String attribute = "t." + sort.attribute();
        String beyond = sort.descending() ? "<" : ">";
        filter.after().ifPresent(c -> jpql.append(" and (").append(attribute).append(' ').append(beyond).append(" :key")
                .append(" or (").append(attribute).append(" = :key and t.id ").append(beyond).append(" :id))"));
        String direction = sort.descending() ? " desc" : " asc";
        jpql.append(" order by ").append(attribute).append(direction).append(", t.id").append(direction);

        TypedQuery<Task> query = em.createQuery(jpql.toString(), Task.class)
                .setParameter("owner", owner)
                .setMaxResults(filter.limit() + 1);
        filter.completed().ifPresent(c -> query.setParameter("completed", c));
        filter.after().ifPresent(c -> query.setParameter("key", sort.parseKey(c.key()).orElseThrow()).setParameter("id", c.id()));

        List<Task> found = query.getResultList();
        boolean more = found.size() > filter.limit();
        List<Task> page = more ? found.subList(0, filter.limit()) : found;
        List<TaskView> views = new ArrayList<>(page.size());
        page.forEach(t -> views.add(TaskView.of(t)));
        Optional<TaskCursor> next = more ? Optional.of(TaskCursor.after(sort, page.get(page.size() - 1))) : Optional.empty();
        return new TaskPage(views, next);
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
        Optional<Task> task = TaskIds.canonical(id).flatMap(taskId -> owned(em(), owner, taskId, LockModeType.PESSIMISTIC_WRITE));
        if (task.isPresent() && ifMatch.isPresent() && !EntityTags.matches(ifMatch.get(), task.get().version())) {
            throw new ProblemException(412, "The task has changed since the version given in If-Match.");
        }
        return task;
    }

    private static Optional<Task> owned(EntityManager em, String owner, String id, LockModeType lock) {
        return em.createQuery("select t from Task t where t.id = :id and t.owner = :owner", Task.class)
                .setParameter("id", id)
                .setParameter("owner", owner)
                .setLockMode(lock)
                .getResultStream()
                .findFirst();
    }

    private EntityManager em() {
        return persistence.current();
    }
}
