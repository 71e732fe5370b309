package dev.synchook.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.synchook.ExitCode;
import dev.synchook.SynchookException;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkspaceTest {

    private static final Map<String, String> FILES = Map.of(
            "vct.yaml", "spec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 2Gi\n",
            "csi.yaml", "driver: secrets-store.csi.k8s.io\nreadOnly: true\n",
            "list.yaml", "- a\n");
    private static final UnaryOperator<String> READ = FILES::get;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "name=src,claimName=pvc1,subPath=dir | {\"name\":\"src\",\"persistentVolumeClaim\":{\"claimName\":\"pvc1\"},\"subPath\":\"dir\"}",
        "name=tmp,emptyDir=                  | {\"name\":\"tmp\",\"emptyDir\":{}}",
        "name=tmp,emptyDir=Memory            | {\"name\":\"tmp\",\"emptyDir\":{\"medium\":\"Memory\"}}",
        "name=cfg,config=rpg,item=k=v        | {\"name\":\"cfg\",\"configMap\":{\"name\":\"rpg\",\"items\":[{\"key\":\"k\",\"path\":\"v\"}]}}",
        "name=creds,secret=s1                | {\"name\":\"creds\",\"secret\":{\"secretName\":\"s1\"}}",
        "name=data,volumeClaimTemplateFile=vct.yaml | {\"name\":\"data\",\"volumeClaimTemplate\":{\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"2Gi\"}}}}}",
        "name=sec,csiFile=csi.yaml           | {\"name\":\"sec\",\"csi\":{\"driver\":\"secrets-store.csi.k8s.io\",\"readOnly\":true}}",
        "name=data,storage=1Gi               | {\"name\":\"data\",\"volumeClaimTemplate\":{\"spec\":{\"accessModes\":[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}}",
        "name=data,storage=5Gi,accessMode=ReadWriteMany,storageClass=nfs | {\"name\":\"data\",\"volumeClaimTemplate\":{\"spec\":{\"accessModes\":[\"ReadWriteMany\"],\"storageClassName\":\"nfs\",\"resources\":{\"requests\":{\"storage\":\"5Gi\"}}}}}",
    })
    void parsesTknWorkspaceSyntax(String flag, String json) {
        assertThat(Workspace.parse(flag.trim(), READ).binding().toString()).isEqualTo(json.trim());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "name=ws,nfs=server                  | unknown workspace kind or key \"nfs\"",
        "name=ws                             | has no volume source",
        "claimName=pvc                       | has no name",
        "name=ws,claimName=a,emptyDir=       | has more than one volume source",
        "name=ws,emptyDir                    | has no '='",
        "name=ws,config=c,item=novalue       | is not key=path",
        "name=ws,csiFile=list.yaml           | does not hold a YAML mapping",
        "name=ws,claimName=a,claimName=b     | is given twice",
    })
    void rejectsBadWorkspacesWithExitTwo(String flag, String message) {
        assertThatThrownBy(() -> Workspace.parse(flag.trim(), READ)).isInstanceOfSatisfying(SynchookException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(e.oneLine()).startsWith("--workspace").contains(message.trim());
        });
    }
}
