//! The `inventario` binary: everything happens in `inventario::cli`.

fn main() -> std::process::ExitCode {
    inventario::cli::main()
}
