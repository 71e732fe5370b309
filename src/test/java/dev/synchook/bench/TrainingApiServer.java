package dev.synchook.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The API server of the training run that writes the class-data archive ({@code bin/train-archive}):
 * HTTPS on 127.0.0.1, answers a create with 201 and the object it was sent, anything else with 404.
 * Only the JDK, so that it also runs in the image build. Arguments: a PKCS12 key store (password
 * {@code training}) and the kubeconfig to write; serves until killed.
 */
public final class TrainingApiServer {

    public static void main(String[] args) throws Exception {
        char[] password = "training".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(args[0])) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", TrainingApiServer::handle);
        server.start();

        String url = "https://127.0.0.1:" + server.getAddress().getPort();
        Path kubeconfig = Path.of(args[1]);
        Path partial = kubeconfig.resolveSibling(kubeconfig.getFileName() + ".tmp");
        Files.writeString(partial, """
                apiVersion: v1
                kind: Config
                clusters: [{name: training, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: training, user: {token: training}}]
                contexts: [{name: training, context: {cluster: training, user: training, namespace: training}}]
                current-context: training
                """.formatted(url));
        Files.move(partial, kubeconfig, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        int status = 201;
        if (!"POST".equals(exchange.getRequestMethod())) {
            status = 404;
            body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}"
                    .getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
