package org.tinyp2p.peer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The servers a server knows, in the order it learned of them. Lists merged in come from other peers, so
 * each entry is checked ({@link PeerUrl#parse}) and the list is capped: a hostile peer cannot grow it
 * without bound.
 */
public final class PeerList {
    /** More servers than friends on a LAN will ever run; a cap on what hostile peers can make us store. */
    public static final int MAX_PEERS = 1000;

    private final Set<PeerUrl> peers = new LinkedHashSet<>();

    /** Adds the one URL; true if it was new. */
    public synchronized boolean add(PeerUrl url) {
        return peers.size() < MAX_PEERS && peers.add(url);
    }

    /**
     * Merges entries from the wire: invalid ones and any beyond the cap are dropped.
     *
     * @return the URLs that were new to this list
     */
    public synchronized List<PeerUrl> merge(Iterable<?> entries) {
        List<PeerUrl> added = new ArrayList<>();
        for (Object entry : entries) {
            if (peers.size() >= MAX_PEERS) {
                break;
            }
            Optional<PeerUrl> url = entry instanceof String s ? PeerUrl.parse(s) : Optional.empty();
            if (url.isPresent() && peers.add(url.get())) {
                added.add(url.get());
            }
        }
        return added;
    }

    public synchronized boolean contains(PeerUrl url) {
        return peers.contains(url);
    }

    public synchronized List<PeerUrl> snapshot() {
        return List.copyOf(peers);
    }

    /** The list as it travels on the wire. */
    public synchronized Object[] toWire() {
        return peers.stream().map(PeerUrl::toString).toArray();
    }

    public synchronized int size() {
        return peers.size();
    }
}
