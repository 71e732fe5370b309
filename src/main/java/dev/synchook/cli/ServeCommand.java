package dev.synchook.cli;

import dev.synchook.Receiver;
import dev.synchook.tekton.Tekton;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code synchook serve}: the webhook receiver (package {@code dev.synchook.webhook}) answers on
 * HTTP until SIGTERM. Its options are trigger's own option classes; they become settings before
 * start-up ({@link ServeLaunch}), where the receiver reads them like every {@code synchook.*} setting.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Receive Argo CD Notifications (POST /v1/argocd/sync) and create the same runs as trigger, exactly once.")
public class ServeCommand implements Callable<Integer> {

    private static final Logger LOG = Logger.getLogger(ServeCommand.class);

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (synchook.port, SYNCHOOK_PORT; default 8080).")
    Integer port;

    @Option(names = "--routes", paramLabel = "FILE", description = "YAML file routing applications to pipelines (synchook.routes).")
    String routes;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "Namespace of the PipelineRuns unless a route names one; default: the receiver's own.")
    String namespace;

    @Mixin
    RunOptions run;

    @Mixin
    DiscoveryOptions discovery;

    @Mixin
    ConnectionOptions connections;

    @Inject
    Receiver receiver;

    @Inject
    Tekton tekton;

    @Override
    public Integer call() {
        // Settings, routes and templates are checked before the first delivery: a mistake is exit 2 and one line.
        receiver.check();
        warmUp();
        LOG.infof("serving POST /v1/argocd/sync on port %s", org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.port", String.class).orElse("8080"));
        Quarkus.waitForExit();
        return 0;
    }

    /**
     * Builds the client, opens its connection and learns the served Tekton version before the first
     * delivery, which would otherwise pay for all of it. Not reaching the API server is no reason not
     * to start: the readiness check and the deliveries say so.
     */
    private void warmUp() {
        try {
            LOG.infof("the API server serves tekton.dev/%s", tekton.servedVersion());
        } catch (RuntimeException e) {
            LOG.warnf("cannot reach the API server yet: %s", e.getMessage());
        }
    }
}
