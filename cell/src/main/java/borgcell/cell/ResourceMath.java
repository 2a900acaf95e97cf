package borgcell.cell;

import borgcell.api.v1.Resources;

/** Arithmetic on the {@link Resources} message, which protobuf leaves without any. */
public final class ResourceMath {
    public static final Resources ZERO = Resources.getDefaultInstance();

    private ResourceMath() {}

    public static Resources plus(Resources a, Resources b) {
        return Resources.newBuilder()
                .setCpuMillis(a.getCpuMillis() + b.getCpuMillis())
                .setRamBytes(a.getRamBytes() + b.getRamBytes())
                .setDiskBytes(a.getDiskBytes() + b.getDiskBytes())
                .setPorts(a.getPorts() + b.getPorts())
                .build();
    }

    public static Resources minus(Resources a, Resources b) {
        return Resources.newBuilder()
                .setCpuMillis(a.getCpuMillis() - b.getCpuMillis())
                .setRamBytes(a.getRamBytes() - b.getRamBytes())
                .setDiskBytes(a.getDiskBytes() - b.getDiskBytes())
                .setPorts(a.getPorts() - b.getPorts())
                .build();
    }

    /** True when {@code demand} fits in {@code available} in every dimension. */
    public static boolean fits(Resources demand, Resources available) {
        return demand.getCpuMillis() <= available.getCpuMillis()
                && demand.getRamBytes() <= available.getRamBytes()
                && demand.getDiskBytes() <= available.getDiskBytes()
                && demand.getPorts() <= available.getPorts();
    }
}
