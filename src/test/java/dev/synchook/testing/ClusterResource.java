package dev.synchook.testing;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * The API server cluster tests talk to: a real one when {@code SYNCHOOK_IT_KUBECONFIG} names a
 * kubeconfig (Tekton and Argo CD CRDs installed there), else the fabric8 mock server in CRUD mode,
 * which also takes expectations for fault injection.
 */
public class ClusterResource implements QuarkusTestResourceLifecycleManager {

    public static final String KUBECONFIG_ENV = "SYNCHOOK_IT_KUBECONFIG";

    private KubernetesServer mock;

    /** True when this resource runs against a real API server. */
    protected boolean useRealCluster() {
        String kubeconfig = System.getenv(KUBECONFIG_ENV);
        return kubeconfig != null && !kubeconfig.isBlank();
    }

    public static boolean realCluster() {
        String kubeconfig = System.getenv(KUBECONFIG_ENV);
        return kubeconfig != null && !kubeconfig.isBlank();
    }

    @Override
    public Map<String, String> start() {
        if (useRealCluster()) {
            System.setProperty("kubeconfig", System.getenv(KUBECONFIG_ENV));
            return Map.of("quarkus.kubernetes-client.devservices.enabled", "false");
        }
        mock = new KubernetesServer(true, true, InetAddress.getLoopbackAddress(), 0, crds());
        mock.before();
        serveTektonDiscovery(mock, "v1", "v1beta1");
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", mock.getClient().getMasterUrl().toString(),
                "quarkus.kubernetes-client.trust-certs", "true",
                "quarkus.kubernetes-client.namespace", "default",
                "quarkus.kubernetes-client.devservices.enabled", "false");
    }

    /**
     * The API discovery a real API server answers by itself and the CRUD mock does not: the tekton.dev
     * group with the given versions, the first preferred, each listing pipelineruns.
     */
    public static void serveTektonDiscovery(KubernetesServer server, String... versions) {
        APIGroupBuilder group = new APIGroupBuilder().withName("tekton.dev").withNewPreferredVersion()
                .withGroupVersion("tekton.dev/" + versions[0]).withVersion(versions[0]).endPreferredVersion();
        for (String version : versions) {
            group.addNewVersion().withGroupVersion("tekton.dev/" + version).withVersion(version).endVersion();
            server.expect().get().withPath("/apis/tekton.dev/" + version).andReturn(200, "{\"kind\":\"APIResourceList\","
                    + "\"groupVersion\":\"tekton.dev/" + version + "\",\"resources\":[{\"name\":\"pipelineruns\","
                    + "\"namespaced\":true,\"kind\":\"PipelineRun\"}]}").always();
        }
        server.expect().get().withPath("/apis/tekton.dev").andReturn(200, group.build()).always();
    }

    public static List<CustomResourceDefinitionContext> crds() {
        return List.of(crd("tekton.dev", "v1", "PipelineRun", "pipelineruns"),
                crd("tekton.dev", "v1beta1", "PipelineRun", "pipelineruns"),
                crd("tekton.dev", "v1", "TaskRun", "taskruns"),
                crd("tekton.dev", "v1beta1", "CustomRun", "customruns"),
                crd("tekton.dev", "v1", "Pipeline", "pipelines"),
                crd("argoproj.io", "v1alpha1", "Application", "applications"));
    }

    private static CustomResourceDefinitionContext crd(String group, String version, String kind, String plural) {
        return new CustomResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withScope("Namespaced").build();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(mock, new TestInjector.AnnotatedAndMatchesType(MockApiServer.class, KubernetesServer.class));
    }

    @Override
    public void stop() {
        if (mock != null) {
            mock.after();
        }
    }

    /** Always the mock server: for tests that inject faults, which a real API server can not be told to make. */
    public static class MockOnly extends ClusterResource {
        @Override
        protected boolean useRealCluster() {
            return false;
        }
    }
}
