package dev.synchook.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiRetryTest {

    private final List<Duration> waits = new ArrayList<>();
    private final ApiRetry retry = new ApiRetry(new ApiRetry.Policy(4, Duration.ofMillis(100), Duration.ofMillis(250)), waits::add);
    private final ApiAction create = ApiAction.of("create", "pipelineruns.tekton.dev", "ci");

    private static KubernetesClientException http(int code, String message) {
        Status status = new StatusBuilder().withCode(code).withMessage(message).build();
        return new KubernetesClientException(status);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void retriesServerErrorsWithExponentialBackoff(int code) {
        AtomicInteger calls = new AtomicInteger();
        String result = retry.call(create, () -> {
            if (calls.incrementAndGet() < 4) {
                throw http(code, "try again");
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(250));
    }

    @Test
    void honoursRetryAfterOn429() {
        AtomicInteger calls = new AtomicInteger();
        retry.call(create, () -> {
            if (calls.incrementAndGet() == 1) {
                Status status = new StatusBuilder().withCode(429).withMessage("slow down").withNewDetails()
                        .withRetryAfterSeconds(3).endDetails().build();
                throw new KubernetesClientException(status);
            }
            return "ok";
        });
        assertThat(waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void connectionErrorsAreRetriedThenExitThree() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.call(create, () -> {
            calls.incrementAndGet();
            throw new KubernetesClientException("connect failed", new ConnectException("Connection refused"));
        })).isInstanceOfSatisfying(SynchookException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.API_UNAVAILABLE);
            assertThat(e.oneLine()).contains("create pipelineruns.tekton.dev in namespace ci failed 4 times")
                    .contains("ConnectException: Connection refused");
        });
        assertThat(calls).hasValue(4);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404, 409, 422})
    void neverRetriesClientErrors(int code) {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retry.call(create, () -> {
            calls.incrementAndGet();
            throw http(code, "no");
        })).satisfies(e -> {
            // 403 explains the missing permission (exit 3), 400/422 name the server's reason (exit 2), 404/409 go to the caller as they are
            switch (code) {
                case 403 -> assertThat(e).isInstanceOfSatisfying(SynchookException.class,
                        s -> assertThat(s.exitCode()).isEqualTo(ExitCode.API_UNAVAILABLE));
                case 400, 422 -> assertThat(e).isInstanceOfSatisfying(SynchookException.class,
                        s -> assertThat(s.exitCode()).isEqualTo(ExitCode.BAD_INPUT));
                default -> assertThat(e).isInstanceOfSatisfying(KubernetesClientException.class,
                        k -> assertThat(k.getCode()).isEqualTo(code));
            }
        });
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void forbiddenNamesVerbResourceNamespaceAndServiceAccount() {
        KubernetesClientException forbidden = http(403, "pipelineruns.tekton.dev is forbidden: User "
                + "\"system:serviceaccount:guestbook:synchook-hook\" cannot create resource \"pipelineruns\" in API group "
                + "\"tekton.dev\" in the namespace \"ci\"");
        assertThatThrownBy(() -> retry.call(create, () -> {
            throw forbidden;
        })).isInstanceOfSatisfying(SynchookException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.API_UNAVAILABLE);
            assertThat(e.oneLine()).isEqualTo("forbidden: system:serviceaccount:guestbook:synchook-hook cannot create "
                    + "pipelineruns.tekton.dev in namespace ci; grant 'create' on pipelineruns.tekton.dev in namespace ci "
                    + "(the Roles in manifests/rbac/ grant everything synchook needs)");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 422})
    void invalidObjectsAreBadInput(int code) {
        assertThatThrownBy(() -> retry.call(create, () -> {
            throw http(code, "strict decoding error: unknown field \"spec.pipelineRefx\"");
        })).isInstanceOfSatisfying(SynchookException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(e.oneLine()).contains("unknown field \"spec.pipelineRefx\"").contains("nothing was created");
        });
    }

    @Test
    void anUntrustedCertificateIsExitThreeAtOnceWithoutRetrying() {
        AtomicInteger calls = new AtomicInteger();
        javax.net.ssl.SSLHandshakeException handshake = new javax.net.ssl.SSLHandshakeException("PKIX path validation failed");
        handshake.initCause(new java.security.cert.CertificateException("Path does not chain with any of the trust anchors"));

        assertThatThrownBy(() -> retry.call(create, () -> {
            calls.incrementAndGet();
            throw new KubernetesClientException("An error has occurred.", new java.io.IOException(handshake));
        })).isInstanceOfSatisfying(SynchookException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.API_UNAVAILABLE);
            assertThat(e.oneLine()).startsWith("TLS: the server's certificate is not trusted for create pipelineruns.tekton.dev")
                    .contains("certificate-authority-data");
        });
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }
}
