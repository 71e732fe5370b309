package dev.synchook.cli;

import io.quarkus.runtime.Quarkus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code synchook serve}: the webhook receiver (package {@code dev.synchook.webhook}) answers on
 * HTTP until SIGTERM. The options are settings read at start-up ({@link ServeLaunch}); they are
 * declared here for {@code --help} and for checking.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Receive Argo CD Notifications (POST /v1/argocd/sync) and create the same runs as trigger, exactly once.")
public class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(ServeCommand.class);

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (synchook.port, SYNCHOOK_PORT; default 8080).")
    Integer port;

    @Option(names = "--routes", paramLabel = "FILE", description = "YAML file routing applications to pipelines (synchook.routes).")
    String routes;

    @Option(names = "--pipeline", paramLabel = "NAME", description = "The Pipeline for applications that no route names.")
    String pipeline;

    @Option(names = "--template", paramLabel = "FILE",
            description = "A PipelineRun template for applications that no route gives one (synchook.template).")
    String template;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "Namespace of the PipelineRuns.")
    String namespace;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "A param (repeatable), as for trigger.")
    List<String> params = new ArrayList<>();

    @Option(names = {"-w", "--workspace"}, paramLabel = "SPEC", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "A workspace (repeatable), as for trigger.")
    List<String> workspaces = new ArrayList<>();

    @Option(names = {"-s", "--service-account"}, paramLabel = "NAME", description = "Service account for the TaskRuns.")
    String serviceAccount;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Pipeline timeout (timeouts.pipeline).")
    String timeout;

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "A label on the run (repeatable).")
    List<String> labels = new ArrayList<>();

    @Option(names = "--annotation", paramLabel = "KEY=VALUE", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "An annotation on the run (repeatable).")
    List<String> annotations = new ArrayList<>();

    @Option(names = "--prefix-name", paramLabel = "PREFIX", description = "Readable start of the run name; default: the app name.")
    String prefixName;

    @Override
    public Integer call() {
        LOG.infof("serving POST /v1/argocd/sync on port %s", org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.port", String.class).orElse("8080"));
        Quarkus.waitForExit();
        return 0;
    }
}
