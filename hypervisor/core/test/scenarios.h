/* Boot-time test scenarios selected with test=NAME (docs/cmdline.md). Each
 * prints "QV-TEST <name>: PASS" or "... FAIL: why"; the integration tests in
 * tests/integration/ read these lines and the emulator's exit status. */
#ifndef QV_CORE_TEST_SCENARIOS_H
#define QV_CORE_TEST_SCENARIOS_H
/* Runs the named scenario and halts the machine with its result. */
__attribute__((noreturn)) void test_run_scenario(const char *name);
#endif
