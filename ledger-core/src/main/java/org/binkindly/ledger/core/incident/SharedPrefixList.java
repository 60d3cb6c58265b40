package org.binkindly.ledger.core.incident;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A list whose copy costs nothing until one of the two changes what the other reads. {@link #share()}
 * hands out a copy over the same array: the list it came from goes on adding past the copy's end in
 * place (the copy never reads there), and copies the array before it replaces an entry the copy holds;
 * the copy copies the array before any change of its own. An incident's lists only grow, but for a
 * replaced checklist item, alert or kill switch, so a command's answer ({@link IncidentState#snapshot()})
 * no longer copies every list of an incident of 40,000 containment actions (320 KB) for each command.
 *
 * <p>Not thread-safe, as {@code ArrayList}: one thread changes a list. A copy may be read by another
 * thread while its source goes on, once handed over safely (the command's answer is, through Axon's
 * result): the entries it reads were written before the copy was made and are never written again.
 */
final class SharedPrefixList<E> extends AbstractList<E> implements RandomAccess {

    private static final Object[] EMPTY = {};

    private Object[] elements;
    private int size;
    /** Entries below this index are read by a copy: replacing one copies the array first. */
    private int readBelow;
    /** Whether this list may add in place past its end: not in a copy, whose source adds there. */
    private boolean addsInPlace;

    SharedPrefixList() {
        this.elements = EMPTY;
        this.addsInPlace = true;
    }

    private SharedPrefixList(Object[] elements, int size) {
        this.elements = elements;
        this.size = size;
        // other copies of the same source read these entries too
        this.readBelow = size;
        this.addsInPlace = false;
    }

    /** This list as it is now, for a list that may be an {@code ArrayList} read back by Jackson. */
    static <E> SharedPrefixList<E> of(List<E> list) {
        if (list instanceof SharedPrefixList<E> shared) {
            return shared;
        }
        SharedPrefixList<E> copy = new SharedPrefixList<>();
        copy.addAll(list);
        return copy;
    }

    /** A copy of this list that neither this list's later changes nor its own change the other. */
    SharedPrefixList<E> share() {
        readBelow = Math.max(readBelow, size);
        return new SharedPrefixList<>(elements, size);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        Objects.checkIndex(index, size);
        return (E) elements[index];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public E set(int index, E element) {
        Objects.checkIndex(index, size);
        if (index < readBelow) {
            ownArray(elements.length);
        }
        E previous = get(index);
        elements[index] = element;
        return previous;
    }

    @Override
    public boolean add(E element) {
        if (!addsInPlace || size == elements.length) {
            ownArray(Math.max(10, size + (size >> 1) + 1));
        }
        elements[size++] = element;
        modCount++;
        return true;
    }

    @Override
    public boolean addAll(Collection<? extends E> added) {
        Object[] more = added.toArray();
        if (!addsInPlace || size + more.length > elements.length) {
            ownArray(Math.max(size + more.length, size + (size >> 1) + 1));
        }
        System.arraycopy(more, 0, elements, size, more.length);
        size += more.length;
        modCount++;
        return more.length > 0;
    }

    @Override
    public void add(int index, E element) {
        Objects.checkIndex(index, size + 1);
        if (index == size) {
            add(element);
            return;
        }
        if (index < readBelow || !addsInPlace || size == elements.length) {
            ownArray(Math.max(size + 1, size + (size >> 1) + 1));
        }
        System.arraycopy(elements, index, elements, index + 1, size - index);
        elements[index] = element;
        size++;
        modCount++;
    }

    @Override
    public E remove(int index) {
        Objects.checkIndex(index, size);
        if (index < readBelow || !addsInPlace) {
            ownArray(elements.length);
        }
        E removed = get(index);
        System.arraycopy(elements, index + 1, elements, index, size - index - 1);
        elements[--size] = null;
        modCount++;
        return removed;
    }

    /** Whether the two lists read one array (for the tests: a copy costs nothing until a change needs one). */
    boolean sharesArrayWith(SharedPrefixList<?> other) {
        return elements == other.elements;
    }

    /** Moves this list to an array of its own, at least {@code capacity} long, that no copy reads. */
    private void ownArray(int capacity) {
        elements = Arrays.copyOf(elements, Math.max(capacity, size));
        readBelow = 0;
        addsInPlace = true;
    }
}
