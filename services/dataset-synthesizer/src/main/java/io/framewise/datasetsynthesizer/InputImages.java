package io.framewise.datasetsynthesizer;

import io.framewise.common.store.ObjectInfo;
import io.framewise.common.store.ObjectNotFoundException;
import io.framewise.common.store.ObjectStore;
import io.framewise.datasetsynthesizer.core.BaseBoxes;
import io.framewise.datasetsynthesizer.core.ImageLoader;
import io.framewise.datasetsynthesizer.core.NamedImage;
import io.framewise.datasetsynthesizer.core.Size;
import io.framewise.datasetsynthesizer.core.SynthesisInputs;
import io.framewise.events.ObjectRef;
import io.framewise.events.SynthesisRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * A request's input objects: the JPEG/PNG files under the backgrounds and templates prefixes (other files are
 * ignored), in key order, and the optional base-boxes JSON. Each image is named by its key below its prefix,
 * as the offline command names files below its folders, so a template's category is its sub-folder.
 */
final class InputImages {

    private final List<ObjectInfo> backgrounds;
    private final List<ObjectInfo> templates;
    private final Optional<ObjectInfo> baseBoxes;
    private final SynthesisRequest request;

    private InputImages(SynthesisRequest request, List<ObjectInfo> backgrounds, List<ObjectInfo> templates,
                        Optional<ObjectInfo> baseBoxes) {
        this.request = request;
        this.backgrounds = backgrounds;
        this.templates = templates;
        this.baseBoxes = baseBoxes;
    }

    /** Lists the inputs; none under a prefix, too many, or a missing base-boxes object is an error. */
    static InputImages list(ObjectStore store, SynthesisRequest request, int maxImages) {
        List<ObjectInfo> backgrounds = images(store, request.getBackgrounds(), "background", "JPEG or PNG", maxImages);
        List<ObjectInfo> templates = images(store, request.getTemplates(), "template", "RGBA PNG", maxImages);
        if (backgrounds.size() + templates.size() > maxImages) {
            throw new IllegalArgumentException(backgrounds.size() + " backgrounds and " + templates.size()
                    + " templates: at most " + maxImages + " input images per request");
        }
        ObjectRef boxes = request.getBaseBboxes();
        Optional<ObjectInfo> baseBoxes = Optional.empty();
        if (boxes != null) {
            baseBoxes = Optional.of(store.stat(boxes.getBucket(), boxes.getKey()).orElseThrow(() -> missing(boxes)));
        }
        return new InputImages(request, backgrounds, templates, baseBoxes);
    }

    private static List<ObjectInfo> images(ObjectStore store, ObjectRef prefix, String what, String formats, int max) {
        List<ObjectInfo> found = store.list(prefix.getBucket(), prefix.getKey()).filter(o -> isImage(o.key()))
                .limit(max + 1L).toList();
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no " + what + " images under " + SynthesisRequestForm.name(prefix)
                    + ": put " + formats + " files (.png, .jpg, .jpeg) there");
        }
        if (found.size() > max) {
            throw new IllegalArgumentException("more than " + max + " " + what + " images under "
                    + SynthesisRequestForm.name(prefix) + "; at most " + max + " input images per request");
        }
        return found;
    }

    private static InputProblem missing(ObjectRef ref) {
        ObjectNotFoundException e = new ObjectNotFoundException(ref.getBucket(), ref.getKey());
        return new InputProblem(ref, e.getMessage(), e);
    }

    static boolean isImage(String key) {
        return key.toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g)$");
    }

    int backgroundCount() {
        return backgrounds.size();
    }

    int templateCount() {
        return templates.size();
    }

    /** A digest of every input object's key and eTag: equal digests, equal inputs. */
    String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (ObjectInfo o : backgrounds) {
                digest.update(("background\t" + o.bucket() + "/" + o.key() + "\t" + o.etag() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            for (ObjectInfo o : templates) {
                digest.update(("template\t" + o.bucket() + "/" + o.key() + "\t" + o.etag() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            baseBoxes.ifPresent(o -> digest.update(("base-boxes\t" + o.bucket() + "/" + o.key() + "\t" + o.etag() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Downloads every image into {@code work} and decodes it; templates without alpha are named in {@code warnings}. */
    SynthesisInputs load(ObjectStore store, Path work, ImageLoader loader, long maxBytes, List<String> warnings)
            throws IOException {
        List<NamedImage> decodedBackgrounds = load(store, work.resolve("backgrounds"), request.getBackgrounds(),
                backgrounds, "background", loader::background, maxBytes);
        List<NamedImage> decodedTemplates = load(store, work.resolve("templates"), request.getTemplates(),
                templates, "template", loader::template, maxBytes);
        for (NamedImage t : decodedTemplates) {
            if (t.alphaMissing()) {
                warnings.add("template " + SynthesisRequestForm.name(request.getTemplates()) + t.name()
                        + " has no alpha channel; it is pasted as an opaque rectangle");
            }
        }
        return new SynthesisInputs(decodedBackgrounds, decodedTemplates);
    }

    private static List<NamedImage> load(ObjectStore store, Path folder, ObjectRef prefix, List<ObjectInfo> objects,
                                         String what, BiFunction<String, byte[], NamedImage> decoder, long maxBytes)
            throws IOException {
        List<NamedImage> images = new ArrayList<>(objects.size());
        int n = 0;
        for (ObjectInfo o : objects) {
            String name = o.key().substring(prefix.getKey().length());
            ObjectRef ref = new ObjectRef(o.bucket(), o.key());
            String full = SynthesisRequestForm.name(ref);
            if (o.size() > maxBytes) {
                throw new InputProblem(ref, what + " " + full + " has " + o.size() + " bytes; an input image is at most "
                        + maxBytes, null);
            }
            Path local;
            try {
                local = store.download(o.bucket(), o.key(), folder.resolve(String.format(Locale.ROOT, "%06d", n++)));
            } catch (ObjectNotFoundException e) {
                throw missing(ref); // deleted since it was listed
            }
            try {
                images.add(decoder.apply(name, Files.readAllBytes(local)));
            } catch (IllegalArgumentException e) {
                // The core names the image by its relative name; the user knows it by its place in the store.
                throw new InputProblem(ref, String.valueOf(e.getMessage()).replace("image " + name, what + " " + full), e);
            } finally {
                Files.deleteIfExists(local);
            }
        }
        return images;
    }

    /** The base boxes, when the request names a file of them. */
    List<Size> baseBoxes(ObjectStore store, long maxBytes) {
        if (baseBoxes.isEmpty()) {
            return List.of();
        }
        ObjectInfo o = baseBoxes.get();
        ObjectRef ref = new ObjectRef(o.bucket(), o.key());
        if (o.size() > maxBytes) {
            throw new InputProblem(ref, "base boxes " + SynthesisRequestForm.name(ref) + " has " + o.size()
                    + " bytes; at most " + maxBytes, null);
        }
        List<Size> sizes;
        try (InputStream in = store.open(o.bucket(), o.key())) {
            sizes = BaseBoxes.read(in);
        } catch (ObjectNotFoundException e) {
            throw missing(ref);
        } catch (IOException | RuntimeException e) {
            throw new InputProblem(ref, "base boxes " + SynthesisRequestForm.name(ref) + ": " + e.getMessage(), e);
        }
        if (sizes.isEmpty()) {
            throw new InputProblem(ref, "base boxes " + SynthesisRequestForm.name(ref)
                    + " holds no box with a positive size", null);
        }
        return sizes;
    }
}
