package dev.synchook.context;

import java.util.HashMap;
import java.util.Map;

/** Remembers each read for the life of the process: resolving twice (phase first, then the rest) reads once. */
public final class CachingClusterReader implements ClusterReader {

    private final ClusterReader delegate;
    private final Map<String, Read> reads = new HashMap<>();

    public CachingClusterReader(ClusterReader delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized Read job(String namespace, String name) {
        return reads.computeIfAbsent("job/" + namespace + "/" + name, k -> delegate.job(namespace, name));
    }

    @Override
    public synchronized Read application(String namespace, String name) {
        return reads.computeIfAbsent("application/" + namespace + "/" + name, k -> delegate.application(namespace, name));
    }
}
