package dev.synchook.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Where the receiver finds an Application when a payload lacks a value the run needs: the seam to
 * the discovery in {@code context}. The answer has the Application's own shape ({@code .app} in a
 * Notifications template); empty when it cannot be read.
 */
public interface ApplicationLookup {

    Optional<JsonNode> find(String namespace, String name);
}
