package org.tinyp2p.server;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tinyp2p.protocol.CallAuthenticator;

/**
 * The sessions callers set up by proving the password, each with its own key. A session ends after
 * {@link #IDLE_MILLIS} without a call, or when {@link #MAX} newer ones push it out; its caller then proves the
 * password again. Only this server knows its sessions: a call made for one is refused by every other.
 */
final class Sessions {
    static final int MAX = 10_000;
    static final long IDLE_MILLIS = 15 * 60 * 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Entry(CallAuthenticator authenticator, long lastUsed) {
    }

    private final Map<String, Entry> sessions = new LinkedHashMap<>(16, 0.75f, true); // least recently used first

    /** A new session for this key; its name. */
    synchronized String open(byte[] key) {
        String name = newName();
        sessions.put(name, new Entry(new CallAuthenticator(name, key), System.currentTimeMillis()));
        Iterator<Entry> oldest = sessions.values().iterator();
        while (sessions.size() > MAX) {
            oldest.next();
            oldest.remove();
        }
        return name;
    }

    /** The authenticator of a live session (the call counts as use), or empty. */
    synchronized Optional<CallAuthenticator> find(String name) {
        Entry entry = sessions.get(name);
        long now = System.currentTimeMillis();
        if (entry == null) {
            return Optional.empty();
        }
        if (now - entry.lastUsed() > IDLE_MILLIS) {
            sessions.remove(name);
            return Optional.empty();
        }
        sessions.put(name, new Entry(entry.authenticator(), now));
        return Optional.of(entry.authenticator());
    }

    synchronized int size() {
        return sessions.size();
    }

    static String newName() {
        byte[] name = new byte[16];
        RANDOM.nextBytes(name);
        return HexFormat.of().formatHex(name);
    }
}
