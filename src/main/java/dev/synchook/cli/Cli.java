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
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            int code = handle(e, err);
            err.flush();
            return code;
        });
        // Each command's connections come from its own flags and settings, set before it runs.
        commandLine.setExecutionStrategy(parseResult -> {
            CommandLine.ParseResult leaf = parseResult;
            while (leaf.hasSubcommand()) {
                leaf = leaf.subcommand();
            }
            useConnections(leaf);
            return new CommandLine.RunLast().execute(parseResult);
        });
        commandLine.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("error: " + e.getMessage().replaceAll("[\\r\\n]+", " ") + "; see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
            err.flush();
            return ExitCode.BAD_INPUT.code();
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

    static int handle(Exception e, PrintWriter err) {
        if (e instanceof SynchookException se) {
            err.println("error: " + se.oneLine());
            return se.exitCode().code();
        }
        if (e instanceof KubernetesClientException ke) {
            LOG.debug("Kubernetes API error", ke);
            err.println("error: Kubernetes API: HTTP " + ke.getCode() + " " + oneLine(ke.getMessage()));
            return ExitCode.API_UNAVAILABLE.code();
        }
        LOG.error("unexpected error", e);
        err.println("error: unexpected " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
        return ExitCode.BAD_INPUT.code();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}
