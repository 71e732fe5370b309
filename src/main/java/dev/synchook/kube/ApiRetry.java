package dev.synchook.kube;

import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Runs one API request with bounded exponential backoff for what is safe to retry (connection
 * errors, 429 honouring Retry-After, 500/502/503/504) and turns what is not into synchook's errors:
 * 401/403 exit 3 naming the missing permission, 400/422 exit 2 with the server's reason. 404 and 409
 * are the caller's to handle and pass through unchanged.
 */
public final class ApiRetry {

    private static final Logger LOG = Logger.getLogger(ApiRetry.class);
    private static final Set<Integer> TRANSIENT = Set.of(429, 500, 502, 503, 504);
    private static final Pattern USER = Pattern.compile("User \"([^\"]+)\"");
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    /** @param maxAttempts attempts in all, the first included */
    public record Policy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        public static final Policy DEFAULT = new Policy(5, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    private final Policy policy;
    private final Sleeper sleeper;
    /** Which cluster the requests go to, for messages; null where there is only one. */
    private final Where where;

    /**
     * The cluster a request goes to, in errors: {@code tekton connection (context ci, server https://...)},
     * and the RBAC to apply there.
     */
    public record Where(String connection, String rbac) {
        @Override
        public String toString() {
            return connection;
        }
    }

    /** Waits between attempts; tests replace it to avoid real sleeping. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public ApiRetry(Policy policy) {
        this(policy, d -> Thread.sleep(d.toMillis()));
    }

    public ApiRetry(Policy policy, Sleeper sleeper) {
        this(policy, sleeper, null);
    }

    private ApiRetry(Policy policy, Sleeper sleeper, Where where) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.where = where;
    }

    /** {@code " on the tekton connection (...)"} where several clusters are in play, else "". */
    public String onWhere() {
        return where == null ? "" : " on the " + where.connection();
    }

    /** The same policy for requests to the cluster {@code where} names in its errors. */
    public ApiRetry on(Where where) {
        return new ApiRetry(policy, sleeper, where);
    }

    public <T> T call(ApiAction action, Supplier<T> request) {
        Duration backoff = policy.initialBackoff();
        for (int attempt = 1;; attempt++) {
            try {
                return request.get();
            } catch (KubernetesClientException e) {
                if (untrusted(e)) {
                    throw new SynchookException(ExitCode.API_UNAVAILABLE, "TLS: the server's certificate is not trusted for "
                            + action + onWhere() + ": " + describe(e), "the kubeconfig's certificate-authority-data must be the CA"
                                    + " of that server (retrying does not help)", e);
                }
                if (!isTransient(e)) {
                    throw translate(action, e, where);
                }
                if (attempt >= policy.maxAttempts()) {
                    throw exhausted(action, e, attempt);
                }
                Duration wait = retryAfter(e).orElse(backoff);
                LOG.warnf("%s%s failed (%s); attempt %d of %d, retrying in %d ms", action,
                        where == null ? "" : " on the " + where.connection(), describe(e), attempt,
                        policy.maxAttempts(), wait.toMillis());
                pause(wait);
                backoff = min(backoff.multipliedBy(2), policy.maxBackoff());
            }
        }
    }

    /** A certificate the client does not trust: a wrong CA in the kubeconfig, which no retry mends. */
    static boolean untrusted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.security.cert.CertificateException || t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof java.security.cert.CertPathBuilderException
                    || t instanceof javax.net.ssl.SSLPeerUnverifiedException) {
                return true;
            }
        }
        return false;
    }

    public static boolean isTransient(KubernetesClientException e) {
        return TRANSIENT.contains(e.getCode()) || (e.getCode() <= 0 && hasIoCause(e));
    }

    /** 401/403 -> exit 3 naming the permission; 400/422 -> exit 2 with the server's reason; others unchanged. */
    private static RuntimeException translate(ApiAction action, KubernetesClientException e, Where where) {
        int code = e.getCode();
        String on = where == null ? "" : " on the " + where.connection();
        if (code == 403) {
            String who = Optional.ofNullable(e.getStatus()).map(Status::getMessage).map(USER::matcher)
                    .filter(Matcher::find).map(m -> m.group(1)).orElse(null);
            return forbidden(action, who, null, where, e);
        }
        if (code == 401) {
            return new SynchookException(ExitCode.API_UNAVAILABLE, "unauthorized: the API server rejected the credentials for "
                    + action + on, where == null ? "check the service account token or the kubeconfig"
                            : "renew the token in that connection's kubeconfig (docs/multi-cluster.md, Credentials)", e);
        }
        if (code == 400 || code == 422) {
            return new SynchookException(ExitCode.BAD_INPUT, "the API server rejected " + action + ": " + reason(e),
                    "fix the field it names; nothing was created", e);
        }
        return e;
    }

    /**
     * Exit 3: {@code who} (unknown: the hook's service account) may not make the request {@code action}
     * on this retry's cluster, which {@code neededFor} (optional) needs.
     */
    public SynchookException forbidden(ApiAction action, String who, String neededFor) {
        return forbidden(action, who, neededFor, where, null);
    }

    private static SynchookException forbidden(ApiAction action, String who, String neededFor, Where where, Throwable cause) {
        return new SynchookException(ExitCode.API_UNAVAILABLE,
                "forbidden: " + (who == null ? "the hook's service account" : who) + " cannot " + action
                        + (where == null ? "" : " on the " + where.connection())
                        + (neededFor == null ? "" : ", which " + neededFor + " needs"),
                "grant '" + action.verb() + "' on " + action.resource()
                        + (action.namespace() == null ? "" : " in namespace " + action.namespace())
                        + (where == null ? " (the Roles in manifests/rbac/ grant everything synchook needs)"
                                : " on that cluster (apply " + where.rbac() + " there)"), cause);
    }

    private SynchookException exhausted(ApiAction action, KubernetesClientException e, int attempts) {
        return new SynchookException(ExitCode.API_UNAVAILABLE,
                "Kubernetes API unavailable: " + action + (where == null ? "" : " on the " + where.connection()) + " failed "
                        + attempts + " times, last: " + describe(e),
                where == null ? "check that the API server is reachable from the pod and retry the sync"
                        : "check that this server is reachable from the pod and that the kubeconfig's CA matches it", e);
    }

    private static Optional<Duration> retryAfter(KubernetesClientException e) {
        return Optional.ofNullable(e.getStatus()).map(Status::getDetails).map(d -> d.getRetryAfterSeconds())
                .filter(s -> s != null && s > 0).map(s -> min(Duration.ofSeconds(s), MAX_RETRY_AFTER));
    }

    static String describe(KubernetesClientException e) {
        if (e.getCode() > 0) {
            return "HTTP " + e.getCode() + " " + reason(e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static String reason(KubernetesClientException e) {
        String message = Optional.ofNullable(e.getStatus()).map(Status::getMessage).filter(m -> !m.isBlank())
                .orElse(e.getMessage());
        return message == null ? "" : message.replaceAll("\\s+", " ").trim();
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IOException && !(t instanceof InterruptedIOException && !(t instanceof java.net.SocketTimeoutException))) {
                return true;
            }
            if (t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private void pause(Duration wait) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new SynchookException(ExitCode.API_UNAVAILABLE, "interrupted while waiting to retry", "", ie);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
