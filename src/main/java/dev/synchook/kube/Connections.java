package dev.synchook.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The process's three connections: {@link #local()} (the pod's own cluster: the hook's Job),
 * {@link #argocd()} (Applications) and {@link #tekton()} (runs). Each of the last two is the local
 * cluster unless its settings give it a kubeconfig. A command sets them from its flags before it runs
 * ({@link #use}); otherwise they come from the {@code synchook.*} settings.
 */
@ApplicationScoped
public class Connections {

    private static final Logger LOG = Logger.getLogger(Connections.class);

    @Inject
    Instance<KubernetesClient> localClient;

    private ConnectionSettings settings;
    private Connection local;
    private Connection argocd;
    private Connection tekton;

    /** Uses these settings from now on; connections built for other settings are closed. */
    public synchronized void use(ConnectionSettings next) {
        if (Objects.equals(next, settings)) {
            return;
        }
        closeAll();
        settings = next;
        boolean named = next.split();
        local = Connection.of(ConnectionSettings.LOCAL, ConnectionSettings.Remote.NONE, localClient::get, named);
        argocd = Connection.of(ConnectionSettings.ARGOCD, next.argocd(), localClient::get, named);
        tekton = Connection.of(ConnectionSettings.TEKTON, next.tekton(), localClient::get, named);
        if (named) {
            LOG.infof("connections: %s; %s; %s", local.describe(), argocd.describe(), tekton.describe());
        }
    }

    public synchronized ConnectionSettings settings() {
        if (settings == null) {
            use(ConnectionSettings.read(name -> ConfigProvider.getConfig().getOptionalValue("synchook." + name, String.class),
                    ConnectionSettings.MOUNT_ROOT));
        }
        return settings;
    }

    /** The pod's own cluster: where the hook's Job is read. */
    public synchronized Connection local() {
        settings();
        return local;
    }

    /** Where Applications are read. */
    public synchronized Connection argocd() {
        settings();
        return argocd;
    }

    /** Where runs are created, followed, cancelled and pruned; the only connection synchook writes through. */
    public synchronized Connection tekton() {
        settings();
        return tekton;
    }

    /** Whether any connection has a kubeconfig of its own. */
    public boolean split() {
        return settings().split();
    }

    /** The connection by name, for messages and {@code context}. */
    public Optional<Connection> named(String name) {
        return switch (name) {
            case ConnectionSettings.LOCAL -> Optional.of(local());
            case ConnectionSettings.ARGOCD -> Optional.of(argocd());
            case ConnectionSettings.TEKTON -> Optional.of(tekton());
            default -> Optional.empty();
        };
    }

    @PreDestroy
    synchronized void closeAll() {
        for (Connection connection : new Connection[] {local, argocd, tekton}) {
            if (connection != null) {
                connection.close();
            }
        }
    }
}
