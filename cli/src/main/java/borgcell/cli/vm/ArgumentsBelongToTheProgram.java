package borgcell.cli.vm;

import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code borg vm run ./prog --verbose}: once BINARY is given, what follows is the program's,
 * options included, as with {@code docker run IMAGE ARGS} or {@code env CMD ARGS}.
 */
final class ArgumentsBelongToTheProgram implements IModelTransformer {

    @Override
    public CommandSpec transform(CommandSpec spec) {
        spec.parser().stopAtPositional(true);
        return spec;
    }
}
