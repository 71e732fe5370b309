package dev.synchook.cli;

import dev.synchook.SynchookException;
import dev.synchook.render.Param;
import dev.synchook.render.RunRequest;
import dev.synchook.render.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What to run, as {@code tkn pipeline start} takes it, plus the sync context it runs for. */
public class RunOptions {

    @Mixin
    SyncOptions sync;

    @Option(names = "--pipeline", paramLabel = "NAME", description = "The Pipeline to run (pipelineRef.name); placeholders allowed.")
    String pipeline;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "A param (repeatable). a,b is an array, k1:v1,k2:v2 an object, \\, a literal comma; placeholders allowed.")
    List<String> params = new ArrayList<>();

    @Option(names = {"-w", "--workspace"}, paramLabel = "SPEC", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "A workspace (repeatable): name=ws,claimName=pvc[,subPath=p] | name=ws,emptyDir= | name=ws,config=cm"
                    + " | name=ws,secret=s | name=ws,volumeClaimTemplateFile=f | name=ws,csiFile=f | name=ws,storage=1Gi[,accessMode=M][,storageClass=C]")
    List<String> workspaces = new ArrayList<>();

    @Option(names = {"-s", "--service-account"}, paramLabel = "NAME", description = "Service account for the TaskRuns.")
    String serviceAccount;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Pipeline timeout (timeouts.pipeline), e.g. 1h.")
    String timeout;

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "A label on the run (repeatable); placeholders allowed.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--annotation", paramLabel = "KEY=VALUE", split = "\\r?\\n", splitSynopsisLabel = "",
            description = "An annotation on the run (repeatable); placeholders allowed.")
    List<String> annotations = new ArrayList<>();

    @Option(names = "--prefix-name", paramLabel = "PREFIX", description = "Readable start of the run name; default: the app name.")
    String prefixName;

    RunRequest request() {
        List<Param> parsedParams = params.stream().filter(p -> !p.isBlank()).map(Param::parse).toList();
        List<Workspace> parsedWorkspaces = workspaces.stream().filter(w -> !w.isBlank())
                .map(w -> Workspace.parse(w.trim(), RunOptions::readFile)).toList();
        return new RunRequest(Optional.ofNullable(pipeline), parsedParams, parsedWorkspaces,
                Optional.ofNullable(serviceAccount).filter(s -> !s.isBlank()),
                Optional.ofNullable(timeout).filter(s -> !s.isBlank()),
                keyValues("--label", labels), keyValues("--annotation", annotations),
                Optional.ofNullable(prefixName).filter(s -> !s.isBlank()));
    }

    private static Map<String, String> keyValues(String flag, List<String> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw SynchookException.badInput(flag, entry, "is not KEY=VALUE", "write " + flag + " KEY=VALUE");
            }
            map.put(entry.substring(0, eq).trim(), entry.substring(eq + 1));
        }
        return map;
    }

    static String readFile(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw SynchookException.badInput("file", file, "cannot be read (" + e.getClass().getSimpleName() + ")",
                    "check the path and that the file is mounted");
        }
    }
}
