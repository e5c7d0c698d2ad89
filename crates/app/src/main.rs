fn main() {
    interleave_app::start();
}
