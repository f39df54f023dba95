package org.tinyp2p.server;

import org.tinyp2p.protocol.xmlrpc.PooledBytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.xmlrpc.XmlRpcException;
import org.tinyp2p.Report;
import org.tinyp2p.files.FileNames;
import org.tinyp2p.files.HashCache;
import org.tinyp2p.files.SharedFile;
import org.tinyp2p.files.SharedFolder;
import org.tinyp2p.peer.PeerList;
import org.tinyp2p.peer.PeerUrl;
import org.tinyp2p.protocol.Faults;
import org.tinyp2p.protocol.Protocol;
import org.tinyp2p.protocol.WireValues;

/** The methods of our protocol: {@code ping}, {@code list} and {@code fetch} (see {@link Protocol}). */
final class PeerService {
    /** A listing page's XML at most, by a cautious count, well under the client's cap on an answer. */
    static final long PAGE_BYTES = Protocol.MAX_RESPONSE_BYTES / 2;
    /** What an entry costs beside its name's bytes: the struct, size, time, hash and raw flag. */
    static final long ENTRY_BYTES = 400;
    /**
     * Hashing small files inline stops a page after this, so a first listing of a large tree never times out: a
     * client waits 4 s at most for the first byte of an answer (Timeouts.asking), which comes once the page is whole.
     */
    static final long PAGE_NANOS = 2_000_000_000L;

    private final ListingPages pages = new ListingPages();
    private final SharedFolder folder;
    private final HashCache hashes;
    private final PeerList peers;
    private final Report report;

    private final java.util.function.Consumer<org.tinyp2p.peer.PeerUrl> recheck;
    private final java.util.function.BiConsumer<org.tinyp2p.peer.PeerUrl, String> callBack;

    /**
     * @param recheck asked to try a dropped peer again when a caller names it
     * @param callBack asked to call back soon the URL a caller gives first (its own), on a lane of its own
     */
    PeerService(SharedFolder folder, HashCache hashes, PeerList peers, Report report, java.util.function.Consumer<org.tinyp2p.peer.PeerUrl> recheck,
                java.util.function.BiConsumer<org.tinyp2p.peer.PeerUrl, String> callBack) {
        this.recheck = recheck;
        this.callBack = callBack;
        this.folder = folder;
        this.hashes = hashes;
        this.peers = peers;
        this.report = report;
    }

    void register(MethodTable table, ReplayGuard guard) {
        table.add(Protocol.PING, new AuthenticatedMethod(Protocol.PING, 1, guard, report, this::ping))
                .add(Protocol.LIST, new AuthenticatedMethod(Protocol.LIST, 1, 2, guard, report, this::list))
                .add(Protocol.FETCH, new AuthenticatedMethod(Protocol.FETCH, 2, guard, report, this::fetch));
    }

    /** Merges the caller's peers into ours (as candidates) and answers our list of proven servers, which includes us. */
    Object ping(List<Object> args, String caller) throws XmlRpcException {
        Object[] theirs = WireValues.array(args.get(0)).orElseThrow(() -> Faults.badRequest("peers must be a list"));
        peers.merge(List.of(theirs)); // candidates until they prove the password to us
        // a server calling us names itself first: it is called back on a lane of its own
        java.util.Optional<org.tinyp2p.peer.PeerUrl> first = theirs.length > 0 && theirs[0] instanceof String s
                ? org.tinyp2p.peer.PeerUrl.parse(s) : java.util.Optional.empty();
        first.filter(peers::contains).ifPresent(url -> callBack.accept(url, caller));
        // new, unproven and dropped ones are called soon; a few per call, so naming many costs the caller, not us
        peers.droppedAmong(List.of(theirs)).stream().filter(url -> first.isEmpty() || !url.equals(first.get()))
                .limit(org.tinyp2p.peer.PeerList.PER_ANSWER).forEach(recheck);
        return peers.toWire();
    }

    static void announce(List<PeerUrl> added, Report report) {
        for (PeerUrl peer : added) {
            report.info("Peer joined: " + peer);
        }
    }

    /**
     * The shared files whose names (relative paths) contain the given substring: name, size and modification
     * time (decimal strings), SHA-256 (left out while a large file is still being hashed) and that the raw
     * download path serves it.
     */
    Object list(List<Object> args, String caller) throws XmlRpcException, IOException {
        String substring = WireValues.string(args.get(0)).orElseThrow(() -> Faults.badRequest("pattern must be a string"));
        String after = args.size() < 2 ? null : WireValues.string(args.get(1)).orElseThrow(() -> Faults.badRequest("after must be a name"));
        List<SharedFile> all = pages.after(caller, substring, after, () -> folder.list(name -> name.contains(substring), hashes::knows));
        List<Object> answer = new ArrayList<>();
        long bytes = 0;
        long began = System.nanoTime();
        for (SharedFile file : all) {
            // cut where the answer could pass the client's cap, or where hashing small files inline took long
            if (bytes > PAGE_BYTES || System.nanoTime() - began > PAGE_NANOS) {
                answer.add(Map.of(Protocol.FIELD_MORE, Boolean.TRUE));
                if (after == null) {
                    pages.keep(caller, substring, all);
                }
                break;
            }
            bytes += ENTRY_BYTES + 6L * file.name().length(); // '&' is 5 bytes escaped, a char at most 3 in UTF-8
            Map<String, Object> entry = new HashMap<>(8);
            entry.put(Protocol.FIELD_NAME, file.name());
            entry.put(Protocol.FIELD_SIZE, WireValues.size(file.size()));
            entry.put(Protocol.FIELD_MODIFIED, WireValues.size(Math.max(0, file.modified().toMillis()))); // before 1970: not a time a client need keep
            hashes.lookup(file).ifPresent(sha -> entry.put(Protocol.FIELD_SHA256, sha));
            entry.put(Protocol.FIELD_RAW, Boolean.TRUE);
            answer.add(entry);
        }
        return answer.toArray();
    }

    /** Up to {@link Protocol#MAX_CHUNK} bytes of a shared file from an offset, and the file's current size. */
    Object fetch(List<Object> args, String caller) throws XmlRpcException, IOException {
        String name = WireValues.string(args.get(0)).orElseThrow(Faults::noSuchFile);
        long offset = WireValues.size(args.get(1)).orElseThrow(() -> Faults.badRequest("offset must be a decimal string"));
        try (FileChannel channel = folder.openRead(name).orElseThrow(Faults::noSuchFile)) {
            long size = channel.size();
            if (offset > size) {
                throw Faults.badRequest("offset beyond the end of the file");
            }
            int length = (int) Math.min(Protocol.MAX_CHUNK, size - offset);
            byte[] room = PooledBytes.room(length); // given back once the answer is written (Base64Serializer)
            ByteBuffer buffer = ByteBuffer.wrap(room, 0, length).slice();
            // Reads of at most 256 KiB: the JDK copies through a per-thread direct buffer of the read's size,
            // which for whole 2 MiB chunks on every worker thread exhausted a 64 MiB heap's direct memory.
            int read = 0;
            while (buffer.hasRemaining() && read >= 0) {
                buffer.limit(Math.min(buffer.capacity(), buffer.position() + 256 * 1024));
                read = channel.read(buffer, offset + buffer.position()); // the file may shrink: we answer what there was
                buffer.limit(buffer.capacity());
            }
            PooledBytes data = PooledBytes.filled(room, buffer.position());
            Map<String, Object> answer = new HashMap<>();
            answer.put(Protocol.FIELD_DATA, data);
            answer.put(Protocol.FIELD_SIZE, WireValues.size(size));
            report.debug("served " + name + " from byte " + offset + " (" + data.length() + " bytes)");
            if (offset + data.length() == size) {
                report.info("Served " + FileNames.quote(name) + " (" + size + " bytes) to " + caller + (offset > 0 ? " in chunks" : ""));
            }
            return answer;
        } catch (NoSuchFileException gone) {
            throw Faults.noSuchFile();
        }
    }
}
