package borgcell.borglet.vmm.ptrace;

import borgcell.borglet.vmm.MicroVm;
import borgcell.borglet.vmm.guest.TinyElf;
import java.util.stream.Collectors;

/**
 * A VMM for {@link StubTest} to kill: runs a guest spinning in {@code jmp $} on the ptrace
 * platform (with a prepared stub or two besides), prints "stubs: PID..." and waits to be killed.
 */
public final class SpinningGuestMain {

    private SpinningGuestMain() {}

    public static void main(String[] args) throws Exception {
        PtracePlatform platform = new PtracePlatform(2);
        MicroVm vm = MicroVm.builder().platform(platform).program(TinyElf.of(new byte[] {(byte) 0xEB, (byte) 0xFE}))
                .build().start();
        while (platform.preparedNow() < 2 || stubs().split(" ").length < 3) {
            Thread.sleep(20);
        }
        System.out.println("stubs: " + stubs());
        System.out.flush();
        vm.result().join();
    }

    private static String stubs() {
        return ProcessHandle.current().children().filter(p -> PtracePlatform.isStub(p.pid()))
                .map(p -> Long.toString(p.pid())).collect(Collectors.joining(" "));
    }
}
