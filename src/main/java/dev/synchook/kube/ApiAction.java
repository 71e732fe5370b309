package dev.synchook.kube;

/** One API request in words: {@code create pipelineruns.tekton.dev in namespace ci}. Used in errors and logs. */
public record ApiAction(String verb, String resource, String namespace, String name) {

    public static ApiAction of(String verb, String resource, String namespace) {
        return new ApiAction(verb, resource, namespace, null);
    }

    public ApiAction named(String name) {
        return new ApiAction(verb, resource, namespace, name);
    }

    @Override
    public String toString() {
        return verb + " " + resource + (name == null ? "" : " " + name) + (namespace == null ? "" : " in namespace " + namespace);
    }
}
