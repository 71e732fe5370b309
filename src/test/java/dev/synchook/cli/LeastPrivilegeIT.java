package dev.synchook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.synchook.render.Yaml;
import dev.synchook.tekton.TektonResources;
import dev.synchook.testing.Cli;
import dev.synchook.testing.Eventually;
import dev.synchook.testing.RealApiServer;
import dev.synchook.testing.ServiceAccounts;
import dev.synchook.testing.SynchookProcess;
import dev.synchook.testing.TektonStatus;
import dev.synchook.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Least privilege, end to end, on a real API server: the packaged synchook runs as the hook's
 * ServiceAccount {@code synchook-hook} (a token from the TokenRequest API), bound by exactly the
 * Roles of manifests/rbac, and discovers its sync from a hook Job and an Application. With the
 * shipped Roles {@code trigger --wait --keep 2} and {@code prune} work; with any one permission
 * taken away the command ends with exit 3 and a message naming the account, the verb, the resource
 * and the namespace. Each case gets fresh namespaces (a real server never finishes deleting them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeastPrivilegeIT {

    static final String SHA = "4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39";
    static final String JOB = "synchook-postsync";
    static final ResourceDefinitionContext APPLICATIONS = new ResourceDefinitionContext.Builder().withGroup("argoproj.io")
            .withVersion("v1alpha1").withKind("Application").withPlural("applications").withNamespaced(true).build();

    KubernetesClient admin;
    Path adminKubeconfig;
    Path dir;
    final List<String> namespaces = new ArrayList<>();

    /** The namespaces of one case and the kubeconfig of the hook's ServiceAccount there. */
    record World(String app, String ci, String argocd, Path kubeconfig) {
    }

    @BeforeAll
    void realServer() throws Exception {
        adminKubeconfig = RealApiServer.require(getClass(), "needs a real API server to authenticate and authorize a ServiceAccount");
        admin = RealApiServer.adminClient(adminKubeconfig);
        dir = Files.createTempDirectory("synchook-least-privilege");
    }

    @AfterAll
    void deleteNamespaces() {
        if (admin != null) {
            namespaces.forEach(ns -> TestNamespace.delete(admin, ns));
            admin.close();
        }
    }

    /** Fresh namespaces with the shipped RBAC (each Role passed through {@code editRole}), a hook Job and its Application. */
    World world(UnaryOperator<ObjectNode> editRole) throws Exception {
        String app = namespace("lp-app");
        String ci = namespace("lp-ci");
        String argocd = namespace("lp-argocd");
        ServiceAccounts.apply(admin, Path.of("manifests/rbac"), Map.of("my-app", app, "ci", ci, "argocd", argocd), editRole);
        admin.batch().v1().jobs().inNamespace(app).resource(new JobBuilder().withNewMetadata().withName(JOB).withNamespace(app)
                .addToAnnotations("argocd.argoproj.io/hook", "PostSync")
                .addToAnnotations("argocd.argoproj.io/tracking-id", "guestbook:batch/Job:" + app + "/" + JOB)
                .endMetadata()
                .withNewSpec().withSuspend(true).withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
                .withServiceAccountName("synchook-hook")
                .addNewContainer().withName("synchook").withImage("ghcr.io/synchook/synchook:0.1.0").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
        try (InputStream in = getClass().getResourceAsStream("/applications/single-source.json")) {
            ObjectNode application = (ObjectNode) Yaml.JSON.readTree(in);
            ((ObjectNode) application.path("metadata")).put("namespace", argocd);
            admin.genericKubernetesResources(APPLICATIONS).inNamespace(argocd)
                    .resource(Yaml.JSON.treeToValue(application, GenericKubernetesResource.class)).create();
        }
        String token = ServiceAccounts.token(admin, app, "synchook-hook");
        Path kubeconfig = ServiceAccounts.kubeconfig(RealApiServer.adminConfig(adminKubeconfig), token, app,
                dir.resolve(app).resolve("kubeconfig"));
        return new World(app, ci, argocd, kubeconfig);
    }

    private String namespace(String prefix) {
        String name = TestNamespace.create(admin, prefix);
        namespaces.add(name);
        return name;
    }

    /** The hook's command line: nothing about the sync but the Job's name and where to look. */
    static String[] hook(World world, String... extra) {
        List<String> args = new ArrayList<>(List.of("trigger", "--job-name", JOB, "--pod-namespace", world.app(),
                "--argocd-namespace", world.argocd(), "-n", world.ci(), "--pipeline", "post-deploy-verify",
                "-p", "revision={{ revision }}", "--termination-log", ""));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    List<GenericKubernetesResource> runs(World world) {
        return admin.genericKubernetesResources(TektonResources.pipelineRuns("v1")).inNamespace(world.ci()).list().getItems();
    }

    /** A finished run of an earlier sync of the same app and phase, for --keep to prune. */
    void oldRun(World world, String name) {
        admin.genericKubernetesResources(TektonResources.pipelineRuns("v1")).inNamespace(world.ci())
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("tekton.dev/v1").withKind("PipelineRun")
                        .withNewMetadata().withName(name).withNamespace(world.ci())
                        .withLabels(Map.of("app.kubernetes.io/managed-by", "synchook", "synchook.dev/app", "guestbook",
                                "synchook.dev/phase", "postsync"))
                        .endMetadata().addToAdditionalProperties("spec", Map.of("pipelineRef", Map.of("name", "post-deploy-verify")))
                        .build())
                .create();
        new TektonStatus(admin, world.ci()).runStatus(name, TektonStatus.condition("True", "Succeeded", ""), List.of(), List.of());
    }

    /** Plays Tekton: the new run's one TaskRun and the run succeed. */
    String finishNewRun(World world, List<String> old) {
        GenericKubernetesResource run = Eventually.get(() -> runs(world).stream()
                .filter(r -> !old.contains(r.getMetadata().getName())).findFirst().orElse(null),
                r -> r != null, Duration.ofMinutes(2));
        String name = run.getMetadata().getName();
        TektonStatus tekton = new TektonStatus(admin, world.ci());
        tekton.taskRun(name + "-verify", TektonStatus.condition("True", "Succeeded", "All Steps have completed executing"));
        tekton.runStatus(name, TektonStatus.condition("True", "Succeeded", "Tasks Completed: 1 (Failed: 0, Cancelled 0), Skipped: 0"),
                List.of(TektonStatus.child(name + "-verify", "verify")), List.of());
        return name;
    }

    @Test
    void theShippedRolesAreEnoughForTriggerWaitKeepAndPrune() throws Exception {
        World world = world(ServiceAccounts.asShipped());
        List<String> old = List.of("guestbook-postsync-old-1", "guestbook-postsync-old-2", "guestbook-postsync-old-3");
        for (String name : old) {
            oldRun(world, name);
            Thread.sleep(1100); // creation timestamps have one-second resolution: keep them ordered
        }

        SynchookProcess trigger = SynchookProcess.start(world.kubeconfig(), dir, Map.of(),
                hook(world, "--wait", "--wait-timeout", "3m", "--keep", "2"));
        String name = finishNewRun(world, old);
        Cli.Result result = trigger.await(Duration.ofMinutes(3));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode summary = Yaml.JSON.readTree(result.lastLine());
        assertThat(summary.path("name").asText()).isEqualTo(name);
        assertThat(summary.path("app").asText()).as("app from the Job's tracking id").isEqualTo("guestbook");
        assertThat(summary.path("revision").asText()).as("revision from the Application").isEqualTo(SHA);
        assertThat(summary.path("result").asText()).isEqualTo("Succeeded");
        // --keep prunes as the run starts: the two newest finished runs stay, beside the new one
        assertThat(summary.path("pruned").asInt()).as(result.toString()).isEqualTo(1);
        assertThat(runs(world)).extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder(name, "guestbook-postsync-old-2", "guestbook-postsync-old-3");

        Cli.Result prune = SynchookProcess.run(world.kubeconfig(), dir, "prune", "--app", "guestbook", "-n", world.ci(), "--keep", "1");
        assertThat(prune.exitCode()).as(prune.toString()).isZero();
        assertThat(runs(world)).extracting(r -> r.getMetadata().getName()).containsExactly(name);
    }

    /**
     * Each permission the hook needs, taken away in turn: {@code trigger --wait --keep 0} ends with
     * exit 3 naming the verb, the resource and the namespace, and creates nothing (trigger checks
     * every request it will make before the first write).
     */
    @ParameterizedTest(name = "without {2} {1}")
    @CsvSource({
            "synchook-hook-pipelineruns, pipelineruns, create, ci, pipelineruns.tekton.dev",
            "synchook-hook-pipelineruns, pipelineruns, get, ci, pipelineruns.tekton.dev",
            "synchook-hook-pipelineruns, pipelineruns, list, ci, pipelineruns.tekton.dev",
            "synchook-hook-pipelineruns, pipelineruns, watch, ci, pipelineruns.tekton.dev",
            "synchook-hook-pipelineruns, pipelineruns, patch, ci, pipelineruns.tekton.dev",
            "synchook-hook-pipelineruns, pipelineruns, delete, ci, pipelineruns.tekton.dev",
            "synchook-hook-job-reader, jobs, get, app, jobs.batch",
            "synchook-hook-application-reader, applications, get, argocd, applications.argoproj.io"})
    void eachNeededPermissionTakenAwayEndsWithExit3NamingIt(String role, String resource, String verb, String where,
            String apiResource) throws Exception {
        World world = world(ServiceAccounts.without(role, resource, verb));
        String namespace = switch (where) {
            case "ci" -> world.ci();
            case "app" -> world.app();
            default -> world.argocd();
        };
        oldRun(world, "guestbook-postsync-old-1");
        List<String> before = runs(world).stream().map(r -> r.getMetadata().getName()).toList();

        Cli.Result result = SynchookProcess.run(world.kubeconfig(), dir, hook(world, "--wait", "--wait-timeout", "1m", "--keep", "0"));

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).as(result.toString())
                .contains("system:serviceaccount:" + world.app() + ":synchook-hook cannot " + verb + " " + apiResource)
                .contains("in namespace " + namespace);
        assertThat(runs(world)).as("nothing created, nothing pruned").extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(before);
    }

    /**
     * The courtesies of the shipped Role, taken away in turn: per-task progress and Events. The hook
     * still does its job (exit 0) and says in one warning what is missing.
     */
    @ParameterizedTest(name = "without {1} {0}")
    @CsvSource({
            "taskruns, get, taskruns.tekton.dev",
            "customruns, get, customruns.tekton.dev",
            "events, create, events"})
    void aCourtesyTakenAwayIsAWarning(String resource, String verb, String apiResource) throws Exception {
        World world = world(ServiceAccounts.without("synchook-hook-pipelineruns", resource, verb));

        SynchookProcess trigger = SynchookProcess.start(world.kubeconfig(), dir, Map.of(), hook(world, "--wait", "--wait-timeout", "3m"));
        finishNewRun(world, List.of());
        Cli.Result result = trigger.await(Duration.ofMinutes(3));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).as(result.toString()).contains("forbidden to " + verb + " " + apiResource + " in namespace " + world.ci());
    }
}
