// Every neuron model of runtime/ref, integer and float: the single source of truth that
// the simulator, the Lava bridge and the compiler's tests share. docs/neuron-models.md
// gives the equations.
//
// Timing: a spike or graded payload emitted in step t is integrated in step t + 1, as
// through Lava's Dense, which sends in step t + 1 what it accumulated in step t. The step
// functions take the input already accumulated for this step; the caller keeps the delay.
#pragma once

#include "runtime/ref/cuba_lif.h"
#include "runtime/ref/fixed_point.h"
#include "runtime/ref/float_models.h"
#include "runtime/ref/leaky_sigma_delta.h"
#include "runtime/ref/linear_readout.h"
#include "runtime/ref/sigma_delta.h"
