package dev.synchook.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.synchook.testing.CrdSchemas;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders every kustomization under hooks/, manifests/ and examples/ with
 * {@code kubectl kustomize} and checks the result: hook Jobs, configuration wiring, RBAC,
 * overlays and pipelines. Needs {@code kubectl} on the PATH (or in {@code $KUBECTL}); it
 * fails, rather than skips, without it.
 */
public class ManifestsTest {

    static final Path PROJECT = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    static final List<String> ROOTS = List.of("hooks", "manifests", "examples");
    static final YAMLMapper YAML = new YAMLMapper();

    static final String HOOK = "argocd.argoproj.io/hook";
    static final String DELETE_POLICY = "argocd.argoproj.io/hook-delete-policy";
    static final String CONFIG = "synchook-config";
    static final String SERVICE_ACCOUNT = "synchook-hook";

    /** The settings synchook reads: SYNCHOOK_ + long flag name; template.yaml is mounted. */
    static final Set<String> CONFIG_KEYS = Set.of("SYNCHOOK_PIPELINE", "SYNCHOOK_NAMESPACE",
            "SYNCHOOK_PARAM", "SYNCHOOK_WORKSPACE", "SYNCHOOK_WAIT", "SYNCHOOK_WAIT_TIMEOUT",
            "SYNCHOOK_KEEP", "SYNCHOOK_ARGOCD_NAMESPACE", "SYNCHOOK_LOG_FORMAT", "template.yaml");

    static final Set<String> PLACEHOLDERS = Set.of("revision", "revision_short", "image",
            "image_tag", "app_name", "app_namespace", "app_project", "repo_url", "source_path",
            "target_revision", "phase", "operation_started_at", "initiated_by", "namespace",
            "previous_revision", "image_digest");

    /** Every Role and exactly its rules, in order. */
    static final Map<String, List<JsonNode>> EXPECTED_RULES = Map.of(
            "synchook-hook-pipelineruns", List.of(
                    rule("tekton.dev", "pipelineruns", "create", "get", "list", "watch", "patch", "delete"),
                    rule("tekton.dev", List.of("taskruns", "customruns"), "get"),
                    rule("", "events", "create")),
            "synchook-hook-job-reader", List.of(
                    rule("batch", "jobs", "get")),
            "synchook-hook-application-reader", List.of(
                    rule("argoproj.io", "applications", "get")),
            // the webhook receiver creates runs (get: adopt on a repeated delivery) and reads Applications
            "synchook-webhook-pipelineruns", List.of(
                    rule("tekton.dev", "pipelineruns", "create", "get")),
            "synchook-webhook-applications", List.of(
                    rule("argoproj.io", "applications", "get")));

    static final Pattern SHA = Pattern.compile("(?i)(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])");
    static final Pattern HASHED_CONFIG = Pattern.compile(Pattern.quote(CONFIG) + "-[a-z0-9]{10}");
    static final Pattern PARAM_REF = Pattern.compile("\\$\\(params\\.([A-Za-z0-9_.-]+)\\)");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");

    /** Rendered output of every kustomization folder, keyed by its path relative to the project. */
    static Map<String, List<JsonNode>> rendered;

    @BeforeAll
    static void renderAll() {
        rendered = new LinkedHashMap<>();
        for (Path dir : kustomizationDirs("Kustomization")) {
            rendered.put(relative(dir), render(dir));
        }
    }

    // ---------------------------------------------------------------------------------
    // Rendering

    /** Renders one kustomization folder with {@code kubectl kustomize} into its objects. */
    public static List<JsonNode> render(Path dir) {
        String kubectl = kubectl();
        try {
            File stderr = File.createTempFile("kustomize", ".err");
            stderr.deleteOnExit();
            Process process = new ProcessBuilder(kubectl, "kustomize", dir.toString())
                    .redirectError(stderr)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("kubectl kustomize " + dir + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                fail("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n"
                        + Files.readString(stderr.toPath()));
            }
            List<JsonNode> objects = new ArrayList<>();
            try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(out)) {
                while (values.hasNext()) {
                    JsonNode node = values.next();
                    if (node != null && !node.isMissingNode() && !node.isNull()) {
                        objects.add(node);
                    }
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + kubectl + " kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** kubectl from $KUBECTL or the PATH; a clear failure when there is none. */
    static String kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String entry : path.split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail("kubectl is not on the PATH. The manifests test renders hooks/, manifests/ and "
                + "examples/ with `kubectl kustomize`: install kubectl (1.14 or newer, it contains "
                + "kustomize) or point the KUBECTL environment variable at it.");
    }

    /** Folders under hooks/, manifests/, examples/ whose kustomization.yaml has the given kind. */
    static List<Path> kustomizationDirs(String kind) {
        List<Path> dirs = new ArrayList<>();
        for (String root : ROOTS) {
            Path start = PROJECT.resolve(root);
            if (!Files.isDirectory(start)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(start)) {
                files.filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
                        .filter(f -> kind.equals(readYaml(f).path("kind").asText("Kustomization")))
                        .map(Path::getParent)
                        .sorted()
                        .forEach(dirs::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dirs;
    }

    // ---------------------------------------------------------------------------------
    // Structure of the folders

    @Test
    void everyKustomizationRendersSomething() {
        assertFalse(rendered.isEmpty(), "no kustomization found under " + ROOTS);
        for (String root : ROOTS) {
            assertTrue(rendered.keySet().stream().anyMatch(k -> k.startsWith(root + "/")),
                    "no kustomization rendered under " + root + "/");
        }
        rendered.forEach((dir, objects) -> assertFalse(objects.isEmpty(), dir + " renders nothing"));
    }

    @Test
    void everyComponentIsRenderedThroughAKustomization() {
        List<Path> components = kustomizationDirs("Component");
        assertFalse(components.isEmpty(), "no kustomize Component under hooks/");
        for (Path component : components) {
            List<String> users = new ArrayList<>();
            for (String dir : rendered.keySet()) {
                for (JsonNode ref : readYaml(PROJECT.resolve(dir).resolve("kustomization.yaml")).path("components")) {
                    if (PROJECT.resolve(dir).resolve(ref.asText()).normalize().equals(component)) {
                        users.add(dir);
                    }
                }
            }
            assertFalse(users.isEmpty(), relative(component) + " is used by no kustomization, so nothing renders it");
            for (JsonNode job : componentJobs(component)) {
                String name = job.path("metadata").path("name").asText();
                for (String user : users) {
                    assertTrue(objects(user, "Job").stream().anyMatch(j -> name(j).equals(name)),
                            user + " uses " + relative(component) + " but renders no Job " + name);
                }
            }
        }
    }

    @Test
    void noCommonLabelsOrAnnotationsInAnyKustomization() {
        for (String kind : List.of("Kustomization", "Component")) {
            for (Path dir : kustomizationDirs(kind)) {
                JsonNode kustomization = readYaml(dir.resolve("kustomization.yaml"));
                for (String field : List.of("commonLabels", "commonAnnotations")) {
                    assertTrue(kustomization.path(field).isMissingNode(), relative(dir)
                            + "/kustomization.yaml sets " + field + ": it would change (and restart) every "
                            + "workload of the application; put nothing per commit into the manifests");
                }
            }
        }
    }

    @Test
    void noLabelOrAnnotationValueLooksLikeACommitSha() {
        forEachObject((dir, object) -> walkMetadataMaps(object, "", (where, value) -> assertFalse(
                SHA.matcher(value).find(), dir + ": " + describe(object) + " " + where
                        + " holds a commit SHA-like value: " + value)));
    }

    // ---------------------------------------------------------------------------------
    // Hook Jobs

    @Test
    void hookAnnotationsOnlyOnJobs() {
        forEachObject((dir, object) -> {
            JsonNode annotations = object.path("metadata").path("annotations");
            if (annotations.has(HOOK) || annotations.has(DELETE_POLICY)) {
                assertEquals("Job", object.path("kind").asText(), dir + ": Argo CD hook annotation on " + describe(object));
            }
        });
    }

    @Test
    void hookJobsAreComplete() {
        int jobs = 0;
        for (var entry : rendered.entrySet()) {
            for (JsonNode job : objects(entry.getKey(), "Job")) {
                if (job.path("metadata").path("annotations").has(HOOK)) {
                    checkHookJob(entry.getKey(), job, entry.getValue());
                    jobs++;
                }
            }
        }
        assertTrue(jobs >= 2, "expected the PostSync and SyncFail hook Jobs in the rendered output");
    }

    void checkHookJob(String dir, JsonNode job, List<JsonNode> all) {
        String where = dir + ": Job " + name(job) + " ";
        JsonNode meta = job.path("metadata");
        String phase = meta.path("annotations").path(HOOK).asText();
        assertTrue(Set.of("PostSync", "SyncFail").contains(phase), where + "has hook phase " + phase);
        assertEquals("BeforeHookCreation", meta.path("annotations").path(DELETE_POLICY).asText(), where + "delete policy");
        checkHookName(where, meta);

        JsonNode spec = job.path("spec");
        assertEquals(2, spec.path("backoffLimit").asInt(-1), where + "backoffLimit");
        assertEquals(1200, spec.path("activeDeadlineSeconds").asInt(-1), where + "activeDeadlineSeconds");
        assertTrue(spec.path("ttlSecondsAfterFinished").isMissingNode(),
                where + "sets ttlSecondsAfterFinished: Argo CD then waits forever for the hook (argo-cd #6880, #21055)");
        assertTrue(spec.path("selector").isMissingNode(), where + "sets spec.selector");

        JsonNode pod = spec.path("template").path("spec");
        assertEquals("Never", pod.path("restartPolicy").asText(), where + "restartPolicy");
        assertEquals(SERVICE_ACCOUNT, pod.path("serviceAccountName").asText(), where + "serviceAccountName");
        assertEquals(json("{\"runAsNonRoot\":true,\"runAsUser\":65532,\"seccompProfile\":{\"type\":\"RuntimeDefault\"}}"),
                pod.path("securityContext"), where + "pod securityContext");

        assertEquals(1, pod.path("containers").size(), where + "has one container");
        JsonNode container = pod.path("containers").get(0);
        assertEquals("synchook", container.path("name").asText(), where + "container name");
        assertTrue(container.path("image").asText().startsWith("ghcr.io/synchook/synchook"), where + "image");
        assertEquals(json("[\"trigger\"]"), container.path("args"), where + "args");
        assertEquals(json("{\"readOnlyRootFilesystem\":true,\"allowPrivilegeEscalation\":false,"
                + "\"capabilities\":{\"drop\":[\"ALL\"]}}"), container.path("securityContext"), where + "container securityContext");
        assertEquals(json("{\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"},\"limits\":{\"cpu\":\"1\",\"memory\":\"256Mi\"}}"),
                container.path("resources"), where + "resources");
        assertEquals("FallbackToLogsOnError", container.path("terminationMessagePolicy").asText(), where + "terminationMessagePolicy");

        checkEnv(where, container, phase);
        JsonNode config = checkConfigReferences(where, job, pod, container, all);
        checkWaitTimeout(where, spec, config);
    }

    /** kustomize needs metadata.name (kubernetes-sigs/kustomize #641); a generateName would be checked too. */
    void checkHookName(String where, JsonNode meta) {
        if (meta.has("generateName")) {
            String generateName = meta.path("generateName").asText();
            assertTrue(generateName.length() <= 36, where + "generateName longer than 36 (Argo CD appends 27 characters)");
            assertTrue(generateName.endsWith("-"), where + "generateName must end with '-'");
        }
        String name = meta.path("name").asText();
        assertTrue(name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") && name.length() <= 57,
                where + "name must be a DNS label short enough for pod names (57 characters)");
    }

    void checkEnv(String where, JsonNode container, String phase) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        assertEquals(phase, env.getOrDefault("SYNCHOOK_PHASE", missing()).path("value").asText(), where + "SYNCHOOK_PHASE");
        // The unprefixed Job labels: the Job controller sets them on every version; batch.kubernetes.io/* only from 1.27.
        Map<String, String> fieldPaths = Map.of(
                "SYNCHOOK_JOB_NAME", "metadata.labels['job-name']",
                "SYNCHOOK_JOB_UID", "metadata.labels['controller-uid']",
                "SYNCHOOK_POD_NAMESPACE", "metadata.namespace");
        fieldPaths.forEach((name, fieldPath) -> assertEquals(fieldPath,
                env.getOrDefault(name, missing()).path("valueFrom").path("fieldRef").path("fieldPath").asText(),
                where + "env " + name + " from the downward API"));
        assertEquals(4, env.size(), where + "env holds only the phase and the downward API values: " + env.keySet());
    }

    /** envFrom and the template volume both name the hashed synchook-config of the same output. */
    JsonNode checkConfigReferences(String where, JsonNode job, JsonNode pod, JsonNode container, List<JsonNode> all) {
        assertEquals(1, container.path("envFrom").size(), where + "envFrom");
        String configName = container.path("envFrom").get(0).path("configMapRef").path("name").asText();
        assertTrue(HASHED_CONFIG.matcher(configName).matches(),
                where + "envFrom names " + configName + ", not the hashed " + CONFIG + "-<hash>");
        String namespace = job.path("metadata").path("namespace").asText();
        JsonNode config = all.stream()
                .filter(o -> o.path("kind").asText().equals("ConfigMap") && name(o).equals(configName)
                        && o.path("metadata").path("namespace").asText().equals(namespace))
                .findFirst()
                .orElseGet(() -> fail(where + "references ConfigMap " + configName + " that the same output lacks"));
        config.path("data").properties().forEach(e -> assertTrue(CONFIG_KEYS.contains(e.getKey()),
                where + "ConfigMap " + configName + " has unknown key " + e.getKey()));

        Map<String, JsonNode> volumes = new LinkedHashMap<>();
        pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        Map<String, String> mounts = new LinkedHashMap<>();
        container.path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));

        JsonNode templateVolume = volumes.getOrDefault(mounts.get("/etc/synchook"), missing()).path("configMap");
        assertEquals(configName, templateVolume.path("name").asText(), where + "volume at /etc/synchook");
        assertTrue(templateVolume.path("optional").asBoolean(false), where + "template volume must be optional");
        assertEquals(json("[{\"key\":\"template.yaml\",\"path\":\"template.yaml\"}]"), templateVolume.path("items"),
                where + "template volume items (mounted as /etc/synchook/template.yaml)");
        assertTrue(volumes.getOrDefault(mounts.get("/tmp"), missing()).has("emptyDir"), where + "emptyDir at /tmp");
        return config;
    }

    /** synchook must give up waiting before Kubernetes kills the Job. */
    void checkWaitTimeout(String where, JsonNode spec, JsonNode config) {
        String timeout = config.path("data").path("SYNCHOOK_WAIT_TIMEOUT").asText("15m");
        assertTrue(duration(timeout).getSeconds() < spec.path("activeDeadlineSeconds").asLong(),
                where + "SYNCHOOK_WAIT_TIMEOUT " + timeout + " is not below activeDeadlineSeconds");
    }

    // ---------------------------------------------------------------------------------
    // Configuration

    @Test
    void everySynchookContainerRunsTheImageNamedInHooksImage() {
        JsonNode image = readYaml(PROJECT.resolve("hooks/image/kustomization.yaml")).path("images").get(0);
        assertEquals("synchook", image.path("name").asText(), "hooks/image replaces the logical name synchook");
        String expected = image.path("newName").asText() + ":" + image.path("newTag").asText();
        int containers = 0;
        for (var entry : rendered.entrySet()) {
            for (JsonNode object : entry.getValue()) {
                for (JsonNode container : object.path("spec").path("template").path("spec").path("containers")) {
                    if (container.path("name").asText().equals("synchook")) {
                        assertEquals(expected, container.path("image").asText(),
                                entry.getKey() + ": " + name(object) + " image (one place: hooks/image)");
                        containers++;
                    }
                }
            }
        }
        assertTrue(containers >= 3, "expected the hook Jobs and the webhook Deployment, found " + containers);
    }

    @Test
    void webhookRunsTheImageEntrypointWithTheServerOptionsFile() throws IOException {
        // The image's ENTRYPOINT (image/pom.xml) with the hook's options file swapped for the server's.
        String pom = Files.readString(PROJECT.resolve("image/pom.xml"));
        Matcher block = Pattern.compile("<entrypoint>(.*?)</entrypoint>", Pattern.DOTALL).matcher(pom);
        assertTrue(block.find(), "image/pom.xml has an <entrypoint>");
        List<String> entrypoint = new ArrayList<>();
        Matcher arg = Pattern.compile("<arg>(.*?)</arg>").matcher(block.group(1));
        while (arg.find()) {
            entrypoint.add(arg.group(1).replace("@/deployments/jvm/hook.options", "@/deployments/jvm/serve.options"));
        }
        assertTrue(entrypoint.contains("@/deployments/jvm/serve.options"), "the entrypoint reads hook.options: " + entrypoint);
        assertTrue(Files.exists(PROJECT.resolve("src/main/jvm/serve.options")), "src/main/jvm/serve.options exists");
        assertTrue(Files.exists(PROJECT.resolve("src/main/jvm/hook.options")), "src/main/jvm/hook.options exists");

        JsonNode deployment = objects("manifests/webhook", "Deployment").get(0);
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        List<String> command = new ArrayList<>();
        container.path("command").forEach(c -> command.add(c.asText()));
        assertEquals(entrypoint, command, "webhook Deployment command");
        assertEquals(json("[\"serve\"]"), container.path("args"), "webhook Deployment args");
        for (var entry : rendered.entrySet()) {
            for (JsonNode job : objects(entry.getKey(), "Job")) {
                JsonNode hook = job.path("spec").path("template").path("spec").path("containers").get(0);
                assertTrue(hook.path("command").isMissingNode(),
                        entry.getKey() + ": Job " + name(job) + " overrides the image's ENTRYPOINT (the hook's JVM flags)");
            }
        }
    }

    @Test
    void configParamsAndWorkspacesMatchThePipeline() {
        for (String dir : rendered.keySet()) {
            for (JsonNode config : configs(dir)) {
                JsonNode data = config.path("data");
                String where = dir + ": " + describe(config) + " ";
                for (String line : lines(data.path("SYNCHOOK_PARAM").asText(""))) {
                    assertTrue(line.matches("[A-Za-z0-9_.-]+=.*"), where + "SYNCHOOK_PARAM line is not NAME=VALUE: " + line);
                    Matcher m = PLACEHOLDER.matcher(line);
                    while (m.find()) {
                        assertTrue(PLACEHOLDERS.contains(m.group(1)), where + "unknown placeholder {{ " + m.group(1) + " }}");
                    }
                }
                for (String line : lines(data.path("SYNCHOOK_WORKSPACE").asText(""))) {
                    assertTrue(line.matches("name=[a-z0-9-]+(,[A-Za-z]+=[^,]+)*"), where + "SYNCHOOK_WORKSPACE line: " + line);
                }
                Optional<JsonNode> pipeline = objects(dir, "Pipeline").stream()
                        .filter(p -> name(p).equals(data.path("SYNCHOOK_PIPELINE").asText())).findFirst();
                if (pipeline.isEmpty()) {
                    continue; // an app-side render: the pipeline lives in the CI namespace's install
                }
                assertEquals(data.path("SYNCHOOK_NAMESPACE").asText(), pipeline.get().path("metadata").path("namespace").asText(),
                        where + "SYNCHOOK_NAMESPACE differs from the pipeline's namespace");
                Set<String> given = lineNames(lines(data.path("SYNCHOOK_PARAM").asText("")));
                for (JsonNode param : pipeline.get().path("spec").path("params")) {
                    String name = param.path("name").asText();
                    assertTrue(param.has("default") || given.contains(name), where + "gives no value for required param " + name);
                }
                Set<String> declared = names(pipeline.get().path("spec").path("params"));
                given.forEach(p -> assertTrue(declared.contains(p), where + "passes param " + p + " that the pipeline lacks"));
                Set<String> workspaces = lineNames(lines(data.path("SYNCHOOK_WORKSPACE").asText("")));
                assertEquals(names(pipeline.get().path("spec").path("workspaces")), workspaces, where + "workspaces");
            }
        }
    }

    @Test
    void prodWaitsAndDevDoesNot() {
        JsonNode prod = onlyConfig("manifests/overlays/prod").path("data");
        assertEquals("true", prod.path("SYNCHOOK_WAIT").asText(), "prod must wait (and gate the sync)");
        assertFalse(prod.path("SYNCHOOK_WAIT_TIMEOUT").asText().isEmpty(), "prod sets a wait timeout");
        JsonNode dev = onlyConfig("manifests/overlays/dev").path("data");
        assertTrue(dev.path("SYNCHOOK_WAIT").isMissingNode() || dev.path("SYNCHOOK_WAIT").asText().equals("false"),
                "dev must not wait");
    }

    @Test
    void overlaysMoveTheWholeCiSideToTheirCiNamespace() {
        for (String env : List.of("dev", "staging", "prod")) {
            String dir = "manifests/overlays/" + env;
            String ci = onlyConfig(dir).path("data").path("SYNCHOOK_NAMESPACE").asText();
            assertTrue(objects(dir, "Namespace").stream().anyMatch(n -> name(n).equals(ci)), dir + ": no Namespace " + ci);
            JsonNode role = objects(dir, "Role").stream().filter(r -> name(r).equals("synchook-hook-pipelineruns"))
                    .findFirst().orElseGet(() -> fail(dir + ": no CI Role"));
            assertEquals(ci, role.path("metadata").path("namespace").asText(), dir + ": CI Role namespace");
        }
    }

    // ---------------------------------------------------------------------------------
    // RBAC

    @Test
    void rbacIsNamespacedAndExactlyAsExpected() {
        int roles = 0;
        for (var entry : rendered.entrySet()) {
            String dir = entry.getKey();
            for (JsonNode object : entry.getValue()) {
                String kind = object.path("kind").asText();
                assertFalse(kind.equals("ClusterRole") || kind.equals("ClusterRoleBinding"), dir + ": cluster-wide " + describe(object));
                if (kind.equals("Role")) {
                    List<JsonNode> expected = EXPECTED_RULES.get(name(object));
                    assertNotNull(expected, dir + ": unexpected Role " + name(object));
                    assertEquals(YAML.valueToTree(expected), object.path("rules"), dir + ": rules of Role " + name(object));
                    roles++;
                }
                if (kind.equals("RoleBinding")) {
                    checkRoleBinding(dir, object, entry.getValue());
                }
            }
        }
        assertTrue(roles >= EXPECTED_RULES.size(), "expected every Role of " + EXPECTED_RULES.keySet() + " to render");
        Set<String> withoutArgocd = names(objects("manifests/rbac/without-argocd", "Role"));
        assertEquals(Set.of("synchook-hook-pipelineruns", "synchook-hook-job-reader"), withoutArgocd, "without-argocd Roles");
    }

    @Test
    void multiClusterHooksMountBothKubeconfigsWhereSynchookReadsThem() {
        List<JsonNode> jobs = objects("hooks/examples/multi-cluster", "Job");
        assertEquals(2, jobs.size(), "the PostSync and SyncFail Jobs");
        for (JsonNode job : jobs) {
            JsonNode pod = job.path("spec").path("template").path("spec");
            for (String connection : List.of(dev.synchook.kube.ConnectionSettings.ARGOCD, dev.synchook.kube.ConnectionSettings.TEKTON)) {
                String where = name(job) + " " + connection + ": ";
                JsonNode volume = byName(pod.path("volumes"), connection + "-kubeconfig");
                assertEquals("synchook-" + connection + "-kubeconfig", volume.path("secret").path("secretName").asText(), where + "Secret");
                // a missing Secret must stop the pod, not let synchook fall back to its own cluster
                assertFalse(volume.path("secret").path("optional").asBoolean(false), where + "the Secret must not be optional");
                assertEquals("kubeconfig", volume.path("secret").path("items").path(0).path("path").asText(), where + "file name");
                JsonNode mount = byName(pod.path("containers").path(0).path("volumeMounts"), connection + "-kubeconfig");
                assertEquals(dev.synchook.kube.ConnectionSettings.MOUNT_ROOT.resolve(connection).toString(),
                        mount.path("mountPath").asText(), where + "mount path");
                assertTrue(mount.path("readOnly").asBoolean(), where + "read-only");
            }
        }
    }

    @Test
    void multiClusterRbacBindsEachClustersOwnServiceAccount() {
        Map<String, String> roleOf = Map.of("app-cluster", "synchook-hook-job-reader",
                "argocd-cluster", "synchook-hook-application-reader", "tekton-cluster", "synchook-hook-pipelineruns");
        roleOf.forEach((folder, role) -> {
            String dir = "manifests/rbac/multi-cluster/" + folder;
            assertEquals(Set.of(role), names(objects(dir, "Role")), dir + ": only the Role this cluster needs");
            JsonNode account = objects(dir, "ServiceAccount").get(0);
            String namespace = account.path("metadata").path("namespace").asText();
            JsonNode binding = objects(dir, "RoleBinding").get(0);
            assertEquals(namespace, binding.path("subjects").path(0).path("namespace").asText(), dir + ": binds its own ServiceAccount");
            assertEquals(namespace, binding.path("metadata").path("namespace").asText(), dir + ": one namespace");
        });
    }

    void checkRoleBinding(String dir, JsonNode binding, List<JsonNode> all) {
        String where = dir + ": RoleBinding " + name(binding) + " ";
        String namespace = binding.path("metadata").path("namespace").asText();
        JsonNode roleRef = binding.path("roleRef");
        assertEquals("Role", roleRef.path("kind").asText(), where + "must bind a Role");
        assertTrue(all.stream().anyMatch(o -> o.path("kind").asText().equals("Role") && name(o).equals(roleRef.path("name").asText())
                && o.path("metadata").path("namespace").asText().equals(namespace)),
                where + "refers to Role " + roleRef.path("name").asText() + " missing from " + namespace);
        assertFalse(binding.path("subjects").isEmpty(), where + "has no subjects");
        Set<String> subjectNamespaces = new LinkedHashSet<>();
        for (JsonNode subject : binding.path("subjects")) {
            assertEquals("ServiceAccount", subject.path("kind").asText(), where + "subject kind");
            // the webhook receiver has a ServiceAccount of its own; everything else binds the hook's
            String expected = name(binding).startsWith("synchook-webhook-") ? "synchook-webhook" : SERVICE_ACCOUNT;
            assertEquals(expected, subject.path("name").asText(), where + "subject name");
            subjectNamespaces.add(subject.path("namespace").asText());
        }
        objects(dir, "ServiceAccount").forEach(sa -> assertTrue(
                subjectNamespaces.contains(sa.path("metadata").path("namespace").asText()),
                where + "does not bind the ServiceAccount of " + describe(sa)));
    }

    // ---------------------------------------------------------------------------------
    // Pipelines and Argo CD objects

    @Test
    void pipelinesHaveTheirRequiredFields() {
        List<JsonNode> pipelines = objects("manifests/pipeline", "Pipeline");
        pipelines.forEach(p -> assertEquals("tekton.dev/v1", p.path("apiVersion").asText(), describe(p)));

        JsonNode build = byName(pipelines, "build-and-deploy-pipeline").path("spec");
        assertEquals(Set.of("git-url", "git-revision", "image-reference", "image-tag"), names(build.path("params")), "build params");
        assertEquals(Set.of("shared-data"), names(build.path("workspaces")), "build workspaces");
        checkTask(build, "fetch-source", "git-clone", null);
        checkTask(build, "build-image", "buildah", "fetch-source");
        checkTask(build, "deploy", "kubernetes-actions", "build-image");

        JsonNode verify = byName(pipelines, "post-deploy-verify").path("spec");
        assertTrue(names(verify.path("params")).containsAll(Set.of("revision", "image-tag", "app-name")), "verify params");
        assertEquals(1, verify.path("tasks").size(), "post-deploy-verify has one task");
        JsonNode step = verify.path("tasks").get(0).path("taskSpec").path("steps").get(0);
        assertNotNull(step, "post-deploy-verify has an inline taskSpec step");
        assertTrue(step.path("image").asText().startsWith("curlimages/curl"), "smoke check image");
        assertTrue(step.path("script").asText().contains("exit 1"), "smoke check fails on non-2xx");

        for (JsonNode pipeline : pipelines) {
            checkReferences(pipeline.path("spec"), name(pipeline));
        }
    }

    void checkTask(JsonNode spec, String task, String taskRef, String runAfter) {
        JsonNode t = byName(spec.path("tasks"), task);
        assertEquals(taskRef, t.path("taskRef").path("name").asText(), task + " taskRef.name");
        assertEquals(runAfter == null ? missing() : json("[\"" + runAfter + "\"]"), t.path("runAfter"), task + " runAfter");
    }

    /** Every $(params.x) names a pipeline param; every workspace binding a pipeline workspace. */
    void checkReferences(JsonNode spec, String pipeline) {
        Set<String> params = names(spec.path("params"));
        Set<String> workspaces = names(spec.path("workspaces"));
        for (JsonNode task : spec.path("tasks")) {
            for (JsonNode param : task.path("params")) {
                Matcher m = PARAM_REF.matcher(param.path("value").asText());
                while (m.find()) {
                    assertTrue(params.contains(m.group(1)), pipeline + ": unknown $(params." + m.group(1) + ")");
                }
            }
            for (JsonNode ws : task.path("workspaces")) {
                assertTrue(workspaces.contains(ws.path("workspace").asText()), pipeline + ": unknown workspace " + ws);
            }
        }
    }

    @Test
    void objectsMatchTheUpstreamCrdSchemas() {
        Assumptions.assumeTrue(CrdSchemas.dir().isPresent(), CrdSchemas.missingReason());
        JsonNode pipelineSchema = CrdSchemas.schema("tekton/300-pipeline.yaml", "v1");
        JsonNode taskSpecSchema = CrdSchemas.schema("tekton/300-task.yaml", "v1").path("properties").path("spec");
        Map<String, JsonNode> argocd = Map.of(
                "Application", CrdSchemas.schema("argocd/application-crd.yaml", "v1alpha1"),
                "AppProject", CrdSchemas.schema("argocd/appproject-crd.yaml", "v1alpha1"));
        forEachObject((dir, object) -> {
            String kind = object.path("kind").asText();
            List<String> errors = new ArrayList<>();
            if (kind.equals("Pipeline")) {
                errors.addAll(CrdSchemas.violations(object, pipelineSchema, describe(object)));
                for (JsonNode task : object.path("spec").path("tasks")) {
                    if (task.has("taskSpec")) {
                        errors.addAll(CrdSchemas.violations(task.path("taskSpec"), taskSpecSchema, describe(object) + " taskSpec"));
                    }
                }
            } else if (argocd.containsKey(kind)) {
                errors.addAll(CrdSchemas.violations(object, argocd.get(kind), describe(object)));
            }
            assertTrue(errors.isEmpty(), dir + ": " + errors);
        });
    }

    @Test
    void exampleApplicationPointsAtTheExampleApp() {
        JsonNode app = byName(objects("manifests/argocd", "Application"), "guestbook");
        String path = app.path("spec").path("source").path("path").asText();
        assertTrue(rendered.containsKey(path), "Application guestbook points at " + path + ", which renders nothing here");
        assertTrue(objects(path, "Job").stream().anyMatch(j -> j.path("metadata").path("annotations").has(HOOK)),
                path + " holds no hook Job");
        assertEquals(app.path("spec").path("destination").path("namespace").asText(),
                objects(path, "Job").get(0).path("metadata").path("namespace").asText(), "hook namespace = destination namespace");
        JsonNode project = byName(objects("manifests/argocd", "AppProject"), app.path("spec").path("project").asText());
        assertTrue(contains(project.path("spec").path("namespaceResourceWhitelist"), "batch", "Job"), "AppProject allows batch/Job");
    }

    // ---------------------------------------------------------------------------------
    // Webhook

    @Test
    void applyingTheWebhookAgainNeverReplacesTheTokenSecret() {
        assertTrue(objects("manifests/webhook", "Secret").isEmpty(),
                "manifests/webhook renders a Secret: `kubectl apply -k manifests/webhook` would overwrite the token Argo CD uses");
        JsonNode deployment = byName(objects("manifests/webhook", "Deployment"), "synchook-webhook");
        List<String> secrets = new ArrayList<>();
        deployment.path("spec").path("template").path("spec").path("volumes")
                .forEach(v -> secrets.add(v.path("secret").path("secretName").asText("")));
        assertTrue(secrets.contains("synchook-webhook-token"), "the Deployment mounts the token Secret created out of band");
    }

    @Test
    void theNetworkPolicyAdmitsArgoCdAndTheDocumentedMetricsScraper() throws IOException {
        JsonNode policy = byName(objects("manifests/webhook", "NetworkPolicy"), "synchook-webhook");
        List<String> sources = new ArrayList<>();
        for (JsonNode rule : policy.path("spec").path("ingress")) {
            for (JsonNode from : rule.path("from")) {
                from.path("namespaceSelector").path("matchLabels").properties()
                        .forEach(e -> sources.add(e.getKey() + "=" + e.getValue().asText()));
            }
            rule.path("ports").forEach(p -> assertEquals("http", p.path("port").asText(), "only the http port"));
        }
        assertEquals(List.of("kubernetes.io/metadata.name=argocd", "synchook.dev/metrics-scraper=true"), sources);
        String doc = Files.readString(PROJECT.resolve("docs/webhook.md"));
        assertTrue(doc.contains("synchook.dev/metrics-scraper=true"), "docs/webhook.md names the scraper label");
    }

    @Test
    void gatingDocsMatchTheShippedJobs() throws IOException {
        String doc = Files.readString(PROJECT.resolve("docs/gating.md"));
        for (Path component : kustomizationDirs("Component")) {
            for (JsonNode job : componentJobs(component)) {
                JsonNode spec = job.path("spec");
                long deadline = spec.path("activeDeadlineSeconds").asLong();
                assertTrue(doc.contains("`activeDeadlineSeconds: " + deadline + "`"), "docs/gating.md names the Jobs' activeDeadlineSeconds " + deadline);
                assertTrue(doc.contains("`backoffLimit: " + spec.path("backoffLimit").asInt() + "`"), "docs/gating.md names the Jobs' backoffLimit");
                Matcher timeouts = Pattern.compile("--wait-timeout (\\d+[hms])").matcher(doc);
                int seen = 0;
                while (timeouts.find()) {
                    seen++;
                    assertTrue(duration(timeouts.group(1)).getSeconds() < deadline, "docs/gating.md recommends --wait-timeout "
                            + timeouts.group(1) + ", not below the shipped Jobs' activeDeadlineSeconds " + deadline);
                }
                assertTrue(seen > 0, "docs/gating.md shows a --wait-timeout");
            }
        }
    }

    @Test
    void documentationShowsTheCurrentRenderedHook() throws IOException {
        String doc = Files.readString(PROJECT.resolve("docs/config-repo.md"));
        String config = name(onlyConfig("examples/guestbook"));
        assertTrue(doc.contains("name: " + config), "docs/config-repo.md shows an outdated rendered hook (expected "
                + config + "): paste the current output of `kubectl kustomize examples/guestbook`");
    }

    // ---------------------------------------------------------------------------------
    // Helpers

    interface ObjectCheck {
        void check(String dir, JsonNode object);
    }

    static void forEachObject(ObjectCheck check) {
        rendered.forEach((dir, objects) -> objects.forEach(o -> check.check(dir, o)));
    }

    static List<JsonNode> objects(String dir, String kind) {
        List<JsonNode> objects = rendered.get(dir);
        assertNotNull(objects, "no kustomization rendered at " + dir);
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    static List<JsonNode> configs(String dir) {
        return objects(dir, "ConfigMap").stream().filter(c -> HASHED_CONFIG.matcher(name(c)).matches()).toList();
    }

    static JsonNode onlyConfig(String dir) {
        List<JsonNode> configs = configs(dir);
        assertEquals(1, configs.size(), dir + ": expected one " + CONFIG + " ConfigMap");
        return configs.get(0);
    }

    static List<JsonNode> componentJobs(Path component) {
        List<JsonNode> jobs = new ArrayList<>();
        for (JsonNode resource : readYaml(component.resolve("kustomization.yaml")).path("resources")) {
            JsonNode object = readYaml(component.resolve(resource.asText()));
            if (object.path("kind").asText().equals("Job")) {
                jobs.add(object);
            }
        }
        return jobs;
    }

    /** Calls back for every string value of a labels or annotations map anywhere in the object. */
    static void walkMetadataMaps(JsonNode node, String path, java.util.function.BiConsumer<String, String> check) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                String where = path + "." + field.getKey();
                if ((field.getKey().equals("labels") || field.getKey().equals("annotations")) && field.getValue().isObject()) {
                    field.getValue().properties().forEach(e -> check.accept(where + "." + e.getKey(), e.getValue().asText()));
                } else {
                    walkMetadataMaps(field.getValue(), where, check);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walkMetadataMaps(node.get(i), path + "[" + i + "]", check);
            }
        }
    }

    static JsonNode rule(String group, String resource, String... verbs) {
        return rule(group, List.of(resource), verbs);
    }

    static JsonNode rule(String group, List<String> resources, String... verbs) {
        ObjectNode rule = YAML.createObjectNode();
        rule.putArray("apiGroups").add(group);
        ArrayNode res = rule.putArray("resources");
        resources.forEach(res::add);
        ArrayNode v = rule.putArray("verbs");
        for (String verb : verbs) {
            v.add(verb);
        }
        return rule;
    }

    static JsonNode byName(Iterable<JsonNode> nodes, String name) {
        for (JsonNode node : nodes) {
            if (name(node).equals(name)) {
                return node;
            }
        }
        return fail("nothing named " + name);
    }

    /** metadata.name of an object, or name of a list entry (params, tasks, workspaces). */
    static String name(JsonNode node) {
        return node.has("metadata") ? node.path("metadata").path("name").asText() : node.path("name").asText();
    }

    static Set<String> names(Iterable<JsonNode> nodes) {
        Set<String> names = new LinkedHashSet<>();
        nodes.forEach(n -> names.add(name(n)));
        return names;
    }

    /** Names of NAME=VALUE lines, or of tkn-style name=...,key=value lines. */
    static Set<String> lineNames(List<String> lines) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : lines) {
            String first = line.split("[=,]", 2)[0];
            names.add(first.equals("name") ? line.substring(line.indexOf('=') + 1).split(",")[0] : first);
        }
        return names;
    }

    static boolean contains(JsonNode groupKinds, String group, String kind) {
        for (JsonNode gk : groupKinds) {
            if (gk.path("group").asText().equals(group) && gk.path("kind").asText().equals(kind)) {
                return true;
            }
        }
        return false;
    }

    static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** Go-style durations as synchook accepts them: 90s, 15m, 1h, 1h30m. */
    static Duration duration(String text) {
        Matcher m = Pattern.compile("(\\d+)([hms])").matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
            end = m.end();
        }
        assertTrue(end == text.length() && end > 0, "not a duration: " + text);
        return total;
    }

    static String describe(JsonNode object) {
        String ns = object.path("metadata").path("namespace").asText("");
        return object.path("kind").asText() + " " + (ns.isEmpty() ? "" : ns + "/") + name(object);
    }

    static String relative(Path path) {
        return PROJECT.relativize(path).toString().replace(File.separatorChar, '/');
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static JsonNode json(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode missing() {
        return YAML.missingNode();
    }

}
