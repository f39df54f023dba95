package org.tinyp2p.peer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The servers a server knows, in the order it learned of them, with how many liveness rounds each has
 * missed in a row. A server that missed {@link #DROP_AFTER} rounds is left out of the list handed to others
 * (but still tried), and is taken back when it answers again; a peer naming it only gets it tried sooner
 * (other servers that have not noticed yet would otherwise keep a dead peer in circulation). Lists merged in come
 * from other peers, so each entry is checked ({@link PeerUrl#parse}) and the list is capped: a hostile peer
 * cannot grow it without bound.
 */
public final class PeerList {
    /** More servers than friends on a LAN will ever run; a cap on what hostile peers can make us store. */
    public static final int MAX_PEERS = 1000;
    /** Missed rounds after which a peer is no longer handed out. */
    public static final int DROP_AFTER = 3;

    private final Map<PeerUrl, Integer> missed = new LinkedHashMap<>();

    /** Adds the one URL; true if it was new. */
    public synchronized boolean add(PeerUrl url) {
        if (missed.containsKey(url) || missed.size() >= MAX_PEERS) {
            return false;
        }
        missed.put(url, 0);
        return true;
    }

    /**
     * Merges entries from the wire: invalid ones and any beyond the cap are dropped.
     *
     * @return the URLs that were new to this list
     */
    public synchronized List<PeerUrl> merge(Iterable<?> entries) {
        List<PeerUrl> added = new ArrayList<>();
        for (Object entry : entries) {
            Optional<PeerUrl> url = entry instanceof String s ? PeerUrl.parse(s) : Optional.empty();
            if (url.isEmpty()) {
                continue;
            }
            Integer count = missed.get(url.get());
            if (count == null && missed.size() < MAX_PEERS) {
                missed.put(url.get(), 0);
                added.add(url.get());
            }
        }
        return added;
    }

    /** A liveness round reached the peer; true if it had been dropped and is now taken back. */
    public synchronized boolean answered(PeerUrl url) {
        Integer before = missed.replace(url, 0);
        return before != null && before >= DROP_AFTER;
    }

    /** A liveness round missed the peer; true if this miss drops it. */
    public synchronized boolean missed(PeerUrl url) {
        Integer now = missed.computeIfPresent(url, (u, n) -> n + 1);
        return now != null && now == DROP_AFTER;
    }

    /** The dropped peers among {@code entries}: worth trying again now that someone names them. */
    public synchronized List<PeerUrl> droppedAmong(Iterable<?> entries) {
        List<PeerUrl> dropped = new ArrayList<>();
        for (Object entry : entries) {
            Optional<PeerUrl> url = entry instanceof String s ? PeerUrl.parse(s) : Optional.empty();
            if (url.isPresent() && !isLive(url.get()) && missed.containsKey(url.get())) {
                dropped.add(url.get());
            }
        }
        return dropped;
    }

    public synchronized boolean contains(PeerUrl url) {
        return missed.containsKey(url);
    }

    /** Whether the peer is handed out (known and not dropped). */
    public synchronized boolean isLive(PeerUrl url) {
        Integer count = missed.get(url);
        return count != null && count < DROP_AFTER;
    }

    /** Every known server, dropped ones included (liveness keeps trying them). */
    public synchronized List<PeerUrl> snapshot() {
        return List.copyOf(missed.keySet());
    }

    /** The servers handed out: known and not dropped. */
    public synchronized List<PeerUrl> live() {
        return missed.entrySet().stream().filter(e -> e.getValue() < DROP_AFTER).map(Map.Entry::getKey).toList();
    }

    /** The list as it travels on the wire: the live servers. */
    public synchronized Object[] toWire() {
        return live().stream().map(PeerUrl::toString).toArray();
    }

    public synchronized int size() {
        return missed.size();
    }
}
