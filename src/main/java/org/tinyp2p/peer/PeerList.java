package org.tinyp2p.peer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The servers a server knows, in the order it learned of them, with how many liveness rounds each has
 * missed in a row and whether it has proven membership. An address learned from others is only a candidate
 * until this server has called it and it proved the password; only proven servers are handed out. A server
 * that missed {@link #DROP_AFTER} rounds is left out of the list handed to others (but still tried), and is
 * taken back when it answers again; a peer naming it only gets it tried sooner (other servers that have not
 * noticed yet would otherwise keep a dead peer in circulation). Lists merged in come from other peers, so
 * each entry is checked ({@link PeerUrl#parse}) and the list is capped: a hostile peer cannot grow it without bound.
 */
public final class PeerList {
    /** More servers than friends on a LAN will ever run; a cap on what hostile peers can make us store. */
    public static final int MAX_PEERS = 1000;
    /** Missed rounds after which a peer is no longer handed out. */
    public static final int DROP_AFTER = 3;

    private static final class State {
        int missed;
        boolean proven;
    }

    private final Map<PeerUrl, State> known = new LinkedHashMap<>();

    /** Adds the one URL as a candidate; true if it was new. */
    public synchronized boolean add(PeerUrl url) {
        if (known.containsKey(url) || known.size() >= MAX_PEERS) {
            return false;
        }
        known.put(url, new State());
        return true;
    }

    /**
     * Merges entries from the wire as candidates: invalid ones and any beyond the cap are dropped.
     *
     * @return the URLs that were new to this list (to be called, so they can prove membership)
     */
    public synchronized List<PeerUrl> merge(Iterable<?> entries) {
        List<PeerUrl> added = new ArrayList<>();
        for (Object entry : entries) {
            Optional<PeerUrl> url = entry instanceof String s ? PeerUrl.parse(s) : Optional.empty();
            if (url.isPresent() && !known.containsKey(url.get()) && known.size() < MAX_PEERS) {
                known.put(url.get(), new State());
                added.add(url.get());
            }
        }
        return added;
    }

    /**
     * The server proved membership to us (a call to it succeeded in a session): it is handed out from now on.
     *
     * @return true if this is the first time, so that it is announced once
     */
    public synchronized boolean proven(PeerUrl url) {
        State state = known.get(url);
        if (state == null) {
            if (known.size() >= MAX_PEERS) {
                return false;
            }
            state = new State();
            known.put(url, state);
        }
        boolean first = !state.proven;
        state.proven = true;
        return first;
    }

    /** A liveness round reached the peer; true if it had been dropped and is now taken back. */
    public synchronized boolean answered(PeerUrl url) {
        State state = known.get(url);
        if (state == null) {
            return false;
        }
        boolean wasDropped = state.missed >= DROP_AFTER;
        state.missed = 0;
        return wasDropped && state.proven;
    }

    /** A liveness round missed the peer; true if this miss drops a proven peer. */
    public synchronized boolean missed(PeerUrl url) {
        State state = known.get(url);
        if (state == null) {
            return false;
        }
        state.missed++;
        return state.missed == DROP_AFTER && state.proven;
    }

    /** The dropped or unproven peers among {@code entries}: worth trying again now that someone names them. */
    public synchronized List<PeerUrl> droppedAmong(Iterable<?> entries) {
        List<PeerUrl> dropped = new ArrayList<>();
        for (Object entry : entries) {
            Optional<PeerUrl> url = entry instanceof String s ? PeerUrl.parse(s) : Optional.empty();
            if (url.isPresent() && known.containsKey(url.get()) && !isLive(url.get())) {
                dropped.add(url.get());
            }
        }
        return dropped;
    }

    public synchronized boolean contains(PeerUrl url) {
        return known.containsKey(url);
    }

    /** Whether the peer is handed out (proven and not dropped). */
    public synchronized boolean isLive(PeerUrl url) {
        State state = known.get(url);
        return state != null && state.proven && state.missed < DROP_AFTER;
    }

    /** Every known server, dropped and unproven ones included (liveness keeps trying them). */
    public synchronized List<PeerUrl> snapshot() {
        return List.copyOf(known.keySet());
    }

    /** The servers handed out: proven and not dropped. */
    public synchronized List<PeerUrl> live() {
        return known.entrySet().stream().filter(e -> e.getValue().proven && e.getValue().missed < DROP_AFTER)
                .map(Map.Entry::getKey).toList();
    }

    /** The list as it travels on the wire: the live servers. */
    public synchronized Object[] toWire() {
        return live().stream().map(PeerUrl::toString).toArray();
    }

    public synchronized int size() {
        return known.size();
    }
}
