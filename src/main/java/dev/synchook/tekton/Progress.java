package dev.synchook.tekton;

import dev.synchook.tekton.RunState.ChildRef;
import dev.synchook.tekton.RunState.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Logs one line per state change of a run and of each of its tasks, and nothing when nothing
 * changed. Children are read (one GET each, only those not yet finished) only when the run's
 * conditions or childReferences changed: a finishing TaskRun always changes the run's condition message.
 */
public final class Progress {

    private static final Logger LOG = Logger.getLogger(Progress.class);

    enum TaskState { STARTED, SUCCEEDED, FAILED, SKIPPED }

    private final String runName;
    private final Function<ChildRef, Optional<Condition>> children;
    private String lastRunState;
    private RunState lastSeen;
    private final Map<String, TaskState> tasks = new LinkedHashMap<>();

    /** @param children reads a child's Succeeded condition; empty when the child is not there (yet) */
    public Progress(String runName, Function<ChildRef, Optional<Condition>> children) {
        this.runName = runName;
        this.children = children;
    }

    public void observe(RunState run) {
        boolean changed = lastSeen == null || !run.succeeded().equals(lastSeen.succeeded())
                || !run.children().equals(lastSeen.children()) || !run.skipped().equals(lastSeen.skipped());
        lastSeen = run;
        if (!changed) {
            return;
        }
        if (!run.done()) {
            logRun(run);
        }
        for (ChildRef child : run.children()) {
            TaskState known = tasks.get(child.taskName());
            if (known == TaskState.SUCCEEDED || known == TaskState.FAILED) {
                continue;
            }
            Optional<Condition> condition = children.apply(child);
            TaskState state = condition.map(Progress::stateOf).orElse(TaskState.STARTED);
            if (state != known) {
                tasks.put(child.taskName(), state);
                String what = child.taskName() + " (" + child.kind() + " " + child.name() + ")";
                switch (state) {
                    case STARTED -> LOG.infof("task %s started", what);
                    case SUCCEEDED -> LOG.infof("task %s succeeded", what);
                    default -> LOG.infof("task %s failed: %s", what, describe(condition.get()));
                }
            }
        }
        for (RunState.SkippedTask skipped : run.skipped()) {
            if (tasks.putIfAbsent(skipped.name(), TaskState.SKIPPED) == null) {
                LOG.infof("task %s skipped%s", skipped.name(), skipped.reason() == null ? "" : ": " + skipped.reason());
            }
        }
        if (run.done()) {
            logRun(run);
        }
    }

    private void logRun(RunState run) {
        Condition c = run.succeeded();
        String state = c.status() + "/" + c.reason();
        if (Objects.equals(state, lastRunState)) {
            return;
        }
        lastRunState = state;
        if (c.succeeded()) {
            LOG.infof("PipelineRun %s succeeded", runName);
        } else if (c.done()) {
            LOG.infof("PipelineRun %s failed: %s", runName, describe(c));
        } else {
            LOG.infof("PipelineRun %s %s", runName, c.reason() == null ? "pending" : c.reason().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** The pipeline tasks whose run failed, in the order they were seen. */
    public List<String> failedTasks() {
        List<String> failed = new ArrayList<>();
        tasks.forEach((task, state) -> {
            if (state == TaskState.FAILED) {
                failed.add(task);
            }
        });
        return failed;
    }

    private static TaskState stateOf(Condition c) {
        return c.succeeded() ? TaskState.SUCCEEDED : c.done() ? TaskState.FAILED : TaskState.STARTED;
    }

    static String describe(Condition c) {
        String reason = c.reason() == null ? "Failed" : c.reason();
        return c.message() == null ? reason : reason + ": " + c.message().replaceAll("\\s+", " ").trim();
    }
}
