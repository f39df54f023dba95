package org.tinyp2p.files;

import java.nio.file.Path;
import java.util.List;

/**
 * A name from the network, checked once: the components of a relative path, each a plain, visible file name
 * ({@link FileNames}). Made only by {@link #parse}, so whoever holds one holds a name that is safe to write
 * under a folder and to quote; nobody checks the string again.
 */
public final class SharedName implements Comparable<SharedName> {
    /** A name that may not be written: why, in a few words. */
    public static final class Refused extends Exception {
        Refused(String reason) {
            super(reason);
        }
    }

    private final String wire;
    private final List<String> components;

    private SharedName(String wire, List<String> components) {
        this.wire = wire;
        this.components = components;
    }

    /** The name as it crossed the wire, if it is one a client may write. */
    public static SharedName parse(String wire) throws Refused {
        String problem = FileNames.problem(wire).orElse(null);
        if (problem != null) {
            throw new Refused(problem);
        }
        return new SharedName(wire, List.of(wire));
    }

    /** The name as peers send it, byte for byte. */
    public String wire() {
        return wire;
    }

    /** The checked components, outermost first. */
    public List<String> components() {
        return components;
    }

    /** Where the name lies under {@code root}: never outside it. */
    public Path under(Path root) {
        Path path = root;
        for (String component : components) {
            path = path.resolve(component);
        }
        return path;
    }

    /** Quoted for a one-line message. */
    public String quoted() {
        return FileNames.quote(wire);
    }

    @Override
    public int compareTo(SharedName other) {
        return wire.compareTo(other.wire);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharedName other && wire.equals(other.wire);
    }

    @Override
    public int hashCode() {
        return wire.hashCode();
    }

    @Override
    public String toString() {
        return wire;
    }
}
