package dev.synchook.context;

import java.util.Optional;

/**
 * Argo CD's resource tracking, read the way Argo CD writes it.
 * <ul>
 * <li>Annotation ({@code argocd.argoproj.io/tracking-id}, tracking methods {@code annotation} and
 * {@code annotation+label}): {@code <app>:<group>/<Kind>:<namespace>/<name>}. The group is empty for the core
 * API, the namespace is empty for cluster-scoped objects, and the name is empty for a hook written with
 * {@code generateName}: Argo CD stamps the id before it names the hook.</li>
 * <li>Label ({@code app.kubernetes.io/instance} or the configured key, tracking method {@code label}): just
 * {@code <app>}.</li>
 * </ul>
 * In both, {@code <app>} is {@code <appNamespace>_<app>} for an Application outside the control-plane
 * namespace ("apps in any namespace").
 */
public record TrackingId(Owner owner, String group, String kind, String namespace, String name) {

    /** The Application an object belongs to: its name and, when not in the control-plane namespace, its namespace. */
    public record Owner(String app, Optional<String> appNamespace) {

        /**
         * Parses an application instance name as Argo CD writes it ({@code <app>} or {@code <appNamespace>_<app>}).
         * Application names and namespaces are DNS names, so neither holds {@code _}; anything else yields nothing.
         */
        public static Optional<Owner> parse(String instance) {
            if (instance == null || instance.isBlank()) {
                return Optional.empty();
            }
            String value = instance.trim();
            int underscore = value.indexOf('_');
            if (underscore < 0) {
                return Optional.of(new Owner(value, Optional.empty()));
            }
            String namespace = value.substring(0, underscore);
            String app = value.substring(underscore + 1);
            if (namespace.isEmpty() || app.isEmpty() || app.indexOf('_') >= 0) {
                return Optional.empty();
            }
            return Optional.of(new Owner(app, Optional.of(namespace)));
        }

        @Override
        public String toString() {
            return appNamespace.map(ns -> ns + "/" + app).orElse(app);
        }
    }

    /** The annotation value split as Argo CD splits it: three {@code :} parts, the last two each one {@code /}. */
    public static Optional<TrackingId> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.trim().split(":", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        String[] groupKind = parts[1].split("/", -1);
        String[] namespaceName = parts[2].split("/", -1);
        if (groupKind.length != 2 || namespaceName.length != 2 || groupKind[1].isEmpty()) {
            return Optional.empty();
        }
        return Owner.parse(parts[0]).map(owner -> new TrackingId(owner, groupKind[0], groupKind[1], namespaceName[0], namespaceName[1]));
    }

    public String app() {
        return owner.app();
    }

    public Optional<String> appNamespace() {
        return owner.appNamespace();
    }
}
