package dev.synchook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.synchook.testing.Cli;
import dev.synchook.testing.ClusterResource;
import dev.synchook.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Pruning lists in pages of at most 500 and follows the continue token; only the mock server shows the requests. */
@QuarkusTest
@QuarkusTestResource(value = ClusterResource.MockOnly.class, restrictToAnnotatedClass = true)
class PrunePagingTest {

    static final String NS = "paging";
    static final String LIST = "/apis/tekton.dev/v1/namespaces/" + NS + "/pipelineruns";

    @MockApiServer
    KubernetesServer server;

    @Inject
    CommandLine.IFactory factory;

    private static GenericKubernetesResource finished(String name, String created) {
        return new GenericKubernetesResourceBuilder().withApiVersion("tekton.dev/v1").withKind("PipelineRun")
                .withNewMetadata().withName(name).withNamespace(NS).withCreationTimestamp(created).endMetadata()
                .addToAdditionalProperties("status", Map.of("conditions", List.of(Map.of("type", "Succeeded", "status", "True")),
                        "completionTime", created))
                .build();
    }

    private static GenericKubernetesResourceList list(String continueToken, List<GenericKubernetesResource> items) {
        GenericKubernetesResourceList list = new GenericKubernetesResourceList();
        list.setApiVersion("tekton.dev/v1");
        list.setKind("PipelineRunList");
        ListMeta meta = new ListMeta();
        meta.setContinue(continueToken);
        list.setMetadata(meta);
        list.setItems(items);
        return list;
    }

    @Test
    void listsInPagesOfFiveHundredAndFollowsContinue() throws Exception {
        String selector = "labelSelector=app.kubernetes.io%2Fmanaged-by%3Dsynchook%2Csynchook.dev%2Fapp%3Dguestbook%2Csynchook.dev%2Fphase%3Dpostsync";
        List<GenericKubernetesResource> page1 = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            page1.add(finished("a" + i, "2025-01-0" + (i + 1) + "T00:00:00Z"));
        }
        server.expect().get().withPath(LIST + "?" + selector + "&limit=500")
                .andReturn(200, list("page-2", page1)).once();
        server.expect().get().withPath(LIST + "?continue=page-2&" + selector + "&limit=500")
                .andReturn(200, list(null, List.of(finished("b0", "2025-02-01T00:00:00Z"), finished("b1", "2025-02-02T00:00:00Z")))).once();
        for (String name : List.of("a0", "a1", "a2")) {
            server.expect().delete().withPath(LIST + "/" + name).andReturn(200, finished(name, "2025-01-01T00:00:00Z")).once();
        }

        Cli.Result result = Cli.run(factory, "prune", "--app", "guestbook", "-n", NS, "--keep", "2");
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.getKubernetesMockServer().takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            requests.add(r);
        }
        List<String> seen = requests.stream().map(q -> q.getMethod() + " " + q.getPath()).toList();
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.lastLine()).as(seen.toString()).contains("\"pruned\":3");

        List<String> lists = requests.stream().filter(q -> q.getMethod().equals("GET")).map(RecordedRequest::getPath)
                .filter(p -> p.contains("/pipelineruns")).toList();
        assertThat(lists).hasSize(2).allSatisfy(p -> assertThat(p).contains("limit=500"));
        assertThat(requests.stream().filter(q -> q.getMethod().equals("DELETE")))
                .extracting(RecordedRequest::getPath).containsExactlyInAnyOrder(LIST + "/a0", LIST + "/a1", LIST + "/a2")
                .allSatisfy(p -> assertThat(p).doesNotContain("?"));
        assertThat(requests.stream().filter(q -> q.getMethod().equals("DELETE")).map(RecordedRequest::getUtf8Body))
                .allSatisfy(body -> assertThat(URLDecoder.decode(body, StandardCharsets.UTF_8)).contains("\"propagationPolicy\":\"Background\""));
    }
}
