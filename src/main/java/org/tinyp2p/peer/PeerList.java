package org.tinyp2p.peer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

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
    /** Candidates (learned, not yet proven) kept at once: the rest of the list stays for servers that prove membership. */
    public static final int MAX_CANDIDATES = 256;
    /** New addresses taken from any one answer: one member's list cannot flood ours. */
    public static final int PER_ANSWER = 16;
    /** An address that has failed every call for this long (and at least {@link #DROP_AFTER} rounds) is forgotten. */
    public static final long FORGET_AFTER_MILLIS = 10 * 60 * 1000;

    private static final class State {
        int missed;
        boolean proven;
        /** Since when every call has failed (or, for a candidate, since it was learned); 0 while it answers. */
        long failingSince;
    }

    private final Map<PeerUrl, State> known = new LinkedHashMap<>();
    private final LongSupplier clock;

    public PeerList() {
        this(System::currentTimeMillis);
    }

    /** @param clock milliseconds, for forgetting (tests pass their own) */
    public PeerList(LongSupplier clock) {
        this.clock = clock;
    }

    /** Adds the one URL as a candidate (a seed the user named); true if it was new. */
    public synchronized boolean add(PeerUrl url) {
        if (known.containsKey(url) || known.size() >= MAX_PEERS) {
            return false;
        }
        known.put(url, candidate());
        return true;
    }

    private State candidate() {
        State state = new State();
        state.failingSince = clock.getAsLong();
        return state;
    }

    /**
     * Merges entries from the wire as candidates: invalid ones are dropped, at most {@link #PER_ANSWER} new
     * ones are taken, and while {@link #MAX_CANDIDATES} are waiting to prove membership only the first entry
     * (a server sends its own URL first) is, so a server that calls us always finds room.
     *
     * @return the URLs that were new to this list (to be called, so they can prove membership)
     */
    public synchronized List<PeerUrl> merge(Iterable<?> entries) {
        List<PeerUrl> added = new ArrayList<>();
        boolean first = true;
        for (Object entry : entries) {
            Optional<PeerUrl> url = entry instanceof String s ? PeerUrl.parse(s) : Optional.empty();
            if (url.isEmpty()) {
                continue;
            }
            long waiting = candidates();
            // a list's first entry gets a little room beyond the cap, never more: callers cannot grow it for good
            boolean room = known.size() < MAX_PEERS && (waiting < MAX_CANDIDATES || first && waiting < MAX_CANDIDATES + PER_ANSWER);
            first = false;
            if (!known.containsKey(url.get()) && room) {
                known.put(url.get(), candidate());
                added.add(url.get());
                if (added.size() == PER_ANSWER) {
                    break;
                }
            }
        }
        return added;
    }

    /** Makes room for a server that proved membership: candidates never keep it out. */
    private boolean dropOldestCandidate() {
        for (java.util.Iterator<State> it = known.values().iterator(); it.hasNext(); ) {
            if (!it.next().proven) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private long candidates() {
        return known.values().stream().filter(state -> !state.proven).count();
    }

    /** Drops an address altogether (one we will not call). */
    public synchronized void forget(PeerUrl url) {
        known.remove(url);
    }

    /**
     * The server proved membership to us (a call to it succeeded in a session): it is handed out from now on.
     *
     * @return true if this is the first time, so that it is announced once
     */
    public synchronized boolean proven(PeerUrl url) {
        State state = known.get(url);
        if (state == null) {
            if (known.size() >= MAX_PEERS && !dropOldestCandidate()) {
                return false;
            }
            state = new State();
            known.put(url, state);
        }
        boolean first = !state.proven;
        state.proven = true;
        state.failingSince = 0;
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
        if (state.proven) {
            state.failingSince = 0;
        }
        return wasDropped && state.proven;
    }

    /**
     * A liveness round missed the peer; true if this miss drops a proven peer. One that has failed every call
     * for {@link #FORGET_AFTER_MILLIS} is forgotten.
     */
    public synchronized boolean missed(PeerUrl url) {
        State state = known.get(url);
        if (state == null) {
            return false;
        }
        state.missed++;
        long now = clock.getAsLong();
        if (state.failingSince == 0) {
            state.failingSince = now;
        }
        if (state.missed >= DROP_AFTER && now - state.failingSince >= FORGET_AFTER_MILLIS) {
            known.remove(url);
        }
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
