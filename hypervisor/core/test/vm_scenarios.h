#ifndef QV_CORE_TEST_VM_SCENARIOS_H
#define QV_CORE_TEST_VM_SCENARIOS_H
int scenario_vm_hello(void);
int scenario_vm_isolation(void);
int scenario_vm_lifecycle(void);
#endif
