package org.tinyp2p.files;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A name from the network, checked once: a relative path with {@code /} between its components, each a plain,
 * visible file name ({@link FileNames}: no {@code ..}, {@code .}, hidden or empty component, no backslash, NUL
 * or control character), at most {@link #MAX_DEPTH} deep and {@link #MAX_BYTES} long. Made only by
 * {@link #parse}, so whoever holds one holds a name that is safe to write under a folder and to quote; nobody
 * checks the string again. Both sides use the one rule: a server lists only such names, a client writes only such.
 */
public final class SharedName implements Comparable<SharedName> {
    /** Components at most: folders within folders, and the file. */
    public static final int MAX_DEPTH = 64;
    /** Bytes of the whole path in UTF-8 at most (Linux's PATH_MAX, for the relative part alone). */
    public static final int MAX_BYTES = 4096;

    /** A name that may not be written: why, in a few words. */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason);
        }
    }

    private final String wire;
    /** Only the wire form is kept (the components are cut from it when asked): a run holds 100,000 of these. */
    private final int depth;

    private SharedName(String wire, int depth) {
        this.wire = wire;
        this.depth = depth;
    }

    /** The name as it crossed the wire, if it is one a client may write. */
    public static SharedName parse(String wire) throws Refused {
        if (wire == null || wire.isEmpty()) {
            throw new Refused("empty name");
        }
        if (wire.startsWith("/")) {
            throw new Refused("an absolute path");
        }
        if (wire.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new Refused("path longer than " + MAX_BYTES + " bytes");
        }
        List<String> components = new ArrayList<>();
        int start = 0;
        while (true) {
            int slash = wire.indexOf('/', start);
            String component = slash < 0 ? wire.substring(start) : wire.substring(start, slash);
            if (component.isEmpty()) {
                throw new Refused("an empty component");
            }
            if (component.equals("..")) {
                throw new Refused("leads out of the folder (..)");
            }
            Optional<String> problem = FileNames.problem(component);
            if (problem.isPresent()) {
                throw new Refused(components.isEmpty() && slash < 0 ? problem.get() : problem.get() + " in " + FileNames.quote(component));
            }
            components.add(component);
            if (components.size() > MAX_DEPTH) {
                throw new Refused("deeper than " + MAX_DEPTH + " components");
            }
            if (slash < 0) {
                return new SharedName(wire, components.size());
            }
            start = slash + 1;
        }
    }

    /** Components: 1 for a file at the top of the folder. */
    public int depth() {
        return depth;
    }

    /** The folders it lies in, outermost first (none at the top). */
    public List<String> folders() {
        List<String> all = components();
        return all.subList(0, all.size() - 1);
    }

    /** The name as peers send it, byte for byte. */
    public String wire() {
        return wire;
    }

    /** The checked components, outermost first. */
    public List<String> components() {
        return List.of(wire.split("/", -1));
    }

    /** Where the name lies under {@code root}: never outside it. */
    public Path under(Path root) {
        Path path = root;
        for (String component : components()) {
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
