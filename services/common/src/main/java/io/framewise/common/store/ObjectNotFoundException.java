package io.framewise.common.store;

/** The object (or its bucket) does not exist. */
public class ObjectNotFoundException extends StoreException {
    public ObjectNotFoundException(String bucket, String key) {
        super("no object " + bucket + "/" + key + " in the store", null);
    }
}
