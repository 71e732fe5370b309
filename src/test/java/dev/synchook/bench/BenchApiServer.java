package dev.synchook.bench;

import dev.synchook.testing.ClusterResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The API endpoint {@code make bench} measures against: the fabric8 mock API server's CRUD dispatcher
 * (with the Tekton and Argo CD resources of the cluster tests) over HTTPS on 127.0.0.1. Writes a
 * kubeconfig for it, prints its URL and serves until stdin closes or the process is killed.
 *
 * <p>The dispatcher sits behind its own small Vert.x front end rather than the mock server's:
 * {@code kubectl create --raw -f} streams the body chunked, with neither Content-Length nor
 * Content-Type, and the mock server's request handler reads such a request as having no body.
 */
public final class BenchApiServer {

    public static void main(String[] args) throws Exception {
        Path kubeconfig = Path.of(args.length > 0 ? args[0] : "target/bench/kubeconfig");
        String namespace = args.length > 1 ? args[1] : "bench";
        KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher(ClusterResource.crds());
        Vertx vertx = Vertx.vertx();
        SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(cert.keyCertOptions()))
                .requestHandler(request -> request.body().onSuccess(body -> {
                    MockResponse response = dispatcher.dispatch(recorded(request, body.getBytes()));
                    var reply = request.response().setStatusCode(response.code());
                    response.getHeaders().toMultimap().forEach((name, values) -> reply.headers().add(name, values));
                    reply.end(io.vertx.core.buffer.Buffer.buffer(response.getBody() == null ? new byte[0] : response.getBody().getBytes()));
                }))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        String url = "https://127.0.0.1:" + server.actualPort();

        Files.createDirectories(kubeconfig.toAbsolutePath().getParent());
        Path partial = kubeconfig.resolveSibling(kubeconfig.getFileName() + ".tmp");
        Files.writeString(partial, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: bench
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                users:
                - name: bench
                  user:
                    token: bench
                contexts:
                - name: bench
                  context:
                    cluster: bench
                    user: bench
                    namespace: %s
                current-context: bench
                """.formatted(url, namespace));
        Files.move(partial, kubeconfig, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.println(url);
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until stdin closes
        }
        System.exit(0);
    }

    private static RecordedRequest recorded(HttpServerRequest request, byte[] body) {
        return new RecordedRequest(request.version().alpnName().toUpperCase(Locale.ROOT), HttpMethod.fromVertx(request.method()),
                request.uri(), Headers.builder().addAll(request.headers()).build(), new Buffer(body));
    }
}
