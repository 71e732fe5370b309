package dev.synchook.cli;

import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import dev.synchook.kube.ConnectionSettings;
import dev.synchook.kube.Connections;
import io.quarkus.arc.Arc;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.io.PrintWriter;
import org.jboss.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Builds the command line: settings as defaults, one-line errors, documented exit codes. */
@ApplicationScoped
public class Cli {

    private static final Logger LOG = Logger.getLogger(Cli.class);

    @Produces
    @Dependent
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return configure(factory.create());
    }

    public static CommandLine configure(CommandLine commandLine) {
        commandLine.setDefaultValueProvider(new ConfigDefaults());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // A later flag overrides an earlier one, so wrappers can append to a fixed command line.
        commandLine.setOverwrittenOptionsAllowed(true);
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> fail(cmd, failure(e)));
        commandLine.setParameterExceptionHandler((e, args) -> fail(e.getCommandLine(), new Failure(ExitCode.BAD_INPUT.code(),
                e.getMessage().replaceAll("[\\r\\n]+", " ") + "; see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'")));
        // Each command's connections come from its own flags and settings, set before it runs.
        commandLine.setExecutionStrategy(parseResult -> {
            CommandLine.ParseResult leaf = parseResult;
            while (leaf.hasSubcommand()) {
                leaf = leaf.subcommand();
            }
            useConnections(leaf);
            return new CommandLine.RunLast().execute(parseResult);
        });
        return commandLine;
    }

    /** Sets the process's connections from a command's flags over its settings; commands without them keep the settings'. */
    private static void useConnections(CommandLine.ParseResult parsed) {
        if (parsed.commandSpec().findOption("--tekton-kubeconfig") == null || Arc.container() == null
                || !Arc.container().isRunning()) {
            return;
        }
        try {
            CommandLineSettings settings = new CommandLineSettings(parsed.commandSpec());
            Arc.container().instance(Connections.class).get()
                    .use(ConnectionSettings.read(settings::value, ConnectionSettings.MOUNT_ROOT));
        } catch (SynchookException e) {
            throw new CommandLine.ExecutionException(parsed.commandSpec().commandLine(), e.getMessage(), e);
        }
    }

    /** What an error makes of the process: its exit code and the one line that says why. */
    record Failure(int exitCode, String message) {
    }

    /** The error line on stderr and, for a command with a JSON summary, the failure summary as the last stdout line. */
    private static int fail(CommandLine cmd, Failure failure) {
        PrintWriter err = cmd.getErr();
        err.println("error: " + failure.message());
        err.flush();
        if (cmd.getCommand() instanceof Summarised summarised) {
            summarised.failed(cmd.getCommandSpec(), failure);
        }
        return failure.exitCode();
    }

    /** The exit code and the one-line message of {@code e}. */
    static Failure failure(Exception e) {
        if (e instanceof SynchookException se) {
            return new Failure(se.exitCode().code(), se.oneLine());
        }
        if (e instanceof KubernetesClientException ke) {
            LOG.debug("Kubernetes API error", ke);
            return new Failure(ExitCode.API_UNAVAILABLE.code(), "Kubernetes API: HTTP " + ke.getCode() + " " + oneLine(ke.getMessage()));
        }
        LOG.error("unexpected error", e);
        return new Failure(ExitCode.BAD_INPUT.code(), "unexpected " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
    }

    /**
     * A command whose last stdout line is a JSON summary for every outcome: on an error too, and on a
     * command-line mistake that stops it before it runs.
     */
    interface Summarised {
        void failed(CommandSpec spec, Failure failure);
    }

    /**
     * Runs a summarised command's work: an error becomes the error line and the failure summary before
     * {@code guard} closes, so that a SIGTERM arriving meanwhile still finds the command's output complete
     * and its exit code recorded.
     */
    static int guarded(CommandSpec spec, ShutdownGuard.Guard guard, java.util.function.IntSupplier work) {
        int code;
        try {
            code = work.getAsInt();
        } catch (RuntimeException e) {
            code = fail(spec.commandLine(), failure(e));
        }
        return guard.finish(code);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}
