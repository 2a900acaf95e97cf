package borgcell.cell;

import java.util.function.Function;

/**
 * A way to read a {@link Cell} that others may be changing: a replica's state machine reads it
 * under its apply lock ({@code stateMachine()::read}); a copy no one else holds is read as it is.
 */
@FunctionalInterface
public interface CellReads {

    <T> T read(Function<Cell, T> reader);

    /** A cell only the caller holds. */
    static CellReads of(Cell cell) {
        return new CellReads() {
            @Override
            public <T> T read(Function<Cell, T> reader) {
                return reader.apply(cell);
            }
        };
    }
}
