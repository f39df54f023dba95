package org.tinyp2p.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinyp2p.protocol.BundledFile;
import org.tinyp2p.protocol.Protocol;
import org.tinyp2p.protocol.RemotePeer;

/**
 * What one download task of a run brings in: one content, or several small ones that one peer sends in one
 * bundle ({@link Protocol#BUNDLE_PATH}) before they are written one by one as usual. A small file is one with a
 * hash, a size up to {@link Protocol#MAX_BUNDLED_FILE}, and a chosen peer that offers the raw path.
 *
 * @param peer the peer asked for the bundle; null for a content fetched on its own
 */
record Batch(RemotePeer peer, List<FetchPlan.SameBytes> contents) {
    Batch {
        contents = List.copyOf(contents);
    }

    boolean bundled() {
        return peer != null;
    }

    /** The files the bundle asks for: the first name of each content, as its chosen peer listed it. */
    List<BundledFile> files() {
        return contents.stream().map(c -> c.first().chosen()).map(c -> new BundledFile(c.wire(), c.size(), c.sha256())).toList();
    }

    /**
     * The plan's contents as download tasks, in plan order (a bundle where its first content was). Small files
     * of one peer go in bundles of at most {@link Protocol#MAX_BUNDLE_FILES} and {@link Protocol#MAX_BUNDLE_BYTES},
     * cut smaller so that every one of {@code parallel} download threads gets some.
     *
     * @param raw whether the raw path may be used (not --no-raw)
     */
    static List<Batch> of(List<FetchPlan.SameBytes> contents, boolean raw, int parallel) {
        Map<RemotePeer, List<FetchPlan.SameBytes>> small = new LinkedHashMap<>();
        for (FetchPlan.SameBytes content : contents) {
            if (raw && small(content.first().chosen())) {
                small.computeIfAbsent(content.first().chosen().peer(), p -> new ArrayList<>()).add(content);
            }
        }
        int smallFiles = small.values().stream().mapToInt(List::size).sum();
        int perBundle = Math.max(2, Math.min(Protocol.MAX_BUNDLE_FILES, ceilDiv(smallFiles, Math.max(1, parallel))));
        Map<FetchPlan.SameBytes, Batch> bundleAt = new java.util.IdentityHashMap<>();
        for (Map.Entry<RemotePeer, List<FetchPlan.SameBytes>> peer : small.entrySet()) {
            List<FetchPlan.SameBytes> bundle = new ArrayList<>();
            long bytes = 0;
            for (FetchPlan.SameBytes content : peer.getValue()) {
                long size = content.first().chosen().size();
                if (bundle.size() == perBundle || bytes + size > Protocol.MAX_BUNDLE_BYTES) {
                    close(peer.getKey(), bundle, bundleAt);
                    bundle = new ArrayList<>();
                    bytes = 0;
                }
                bundle.add(content);
                bytes += size;
            }
            close(peer.getKey(), bundle, bundleAt);
        }
        List<Batch> batches = new ArrayList<>();
        for (FetchPlan.SameBytes content : contents) {
            Batch bundle = bundleAt.get(content);
            if (bundle == null) {
                batches.add(new Batch(null, List.of(content)));
            } else if (bundle.contents().get(0) == content) {
                batches.add(bundle);
            }
        }
        return batches;
    }

    /** A bundle of one is no bundle: that file is asked for alone. */
    private static void close(RemotePeer peer, List<FetchPlan.SameBytes> bundle, Map<FetchPlan.SameBytes, Batch> bundleAt) {
        if (bundle.size() > 1) {
            Batch batch = new Batch(peer, bundle);
            bundle.forEach(content -> bundleAt.put(content, batch));
        }
    }

    private static boolean small(Candidate chosen) {
        return chosen.sha256() != null && chosen.file().raw() && !chosen.peer().isLegacy()
                && chosen.size() > 0 && chosen.size() <= Protocol.MAX_BUNDLED_FILE;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
