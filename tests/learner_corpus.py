"""Answers learners really write to the course's exercises, with the verdict each must get.

Each answer is the code a learner puts in the exercise's cell (as they would type it), the verdict
(True: a right answer, written one of the standard ways; False: a mistake), and the id of the
catalogue message (``optlib.catalogue``) that must explain it.  ``tests/test_learner_corpus.py``
runs every answer through the exercise's checker in both languages, as the lesson's check cell does.
Add an answer here whenever a new mistake (or a new right way) turns up.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    exercise: str
    code: str
    ok: bool
    says: str  # catalogue id of the message that must be printed
    note: str = ""


#: exercise id -> the check cell's code, exactly as the lessons run it
CHECKS = {
    "ch01.step": "check_step(step)",
    "ch01.lr": "check_learning_rate(lr)",
    "ch02.sgd": "check_optimizer(MySGD, SGD, lr=0.1)",
    "ch02.batch": "check_batch_size(answer)",
    "ch03.threshold": "check_divergence_threshold(answer)",
    "ch03.steps": "check_steps_prediction(steps_needed)",
    "ch04.momentum": "check_optimizer(MyMomentum, Momentum, lr=0.1, momentum=0.9)",
    "ch05.rmsprop": "check_optimizer(MyRMSProp, RMSProp, lr=0.1, decay_rate=0.9)",
    "ch05.adagrad": "check_optimizer(MyAdaGrad, AdaGrad, lr=0.1)",
    "ch06.adam": "check_optimizer(MyAdam, Adam, lr=0.1)",
    "ch06.diagnose": "diagnose_adam(MyAdam)",
    "ch07.tuned": "check_tuned_optimizer(my_optimizer)",
    "ch08.weight_decay": "check_weight_decay(SGDWeightDecay)",
}

A = Answer
ANSWERS: list[Answer] = []


def _add(exercise: str, *answers: tuple) -> None:
    ANSWERS.extend(A(exercise, *a) for a in answers)


# -- chapter 1: step(w, grad, lr) ------------------------------------------------------------------
_add("ch01.step",
     ("def step(w, grad, lr):\n    return w - lr * grad\n", True, "ch01.step_ok"),
     ("def step(w, grad, lr):\n    w = w - lr * grad\n    return w\n", True, "ch01.step_ok"),
     ("def step(w, grad, lr):\n    new_w = w - grad * lr\n    return new_w\n", True, "ch01.step_ok"),
     ("def step(w, grad, lr):\n    w -= lr * grad\n    return w\n", True, "ch01.step_ok", "changes an array in place too"),
     ("def step(w, grad, lr):\n    return w + lr * grad\n", False, "ch01.hint_sign"),
     ("def step(w, grad, lr):\n    return w - grad\n", False, "ch01.hint_lr"),
     ("def step(w, grad, lr):\n    w - lr * grad\n", False, "ch01.step_none_returned", "forgot return"),
     ("def step(w, grad, lr):\n    return w - lr * grad,\n", False, "ch01.step_tuple", "trailing comma"),
     ("def step(w, grad, lr):\n    return w - 0.1 * grad\n", False, "ch01.hint_formula", "lr written in"),
     ("def step(w, grad, lr):\n    return float(w) - lr * grad\n", False, "ch01.step_arrays_raised"),
     ("def step(w, grad, lr):\n    if grad > 0:\n        return w - lr * grad\n    return w + lr * abs(grad)\n",
      False, "ch01.step_arrays_raised", "an if on an array"),
     ("def step(w, grad, lr):\n    # your code here\n    raise NotImplementedError\n", False, "run.not_implemented"),
     ("def step(w, grad, lr):\n    return lr - w * grad\n", False, "ch01.hint_formula"),
     ("def step(w, grad):\n    return w - 0.1 * grad\n", False, "run.raised", "forgot a parameter"),
     ("step = 'w - lr * grad'\n", False, "ch01.step_not_function"),
     ("def step(w, grad, lr):\n    return [w - lr * grad]\n", False, "ch01.step_not_number"),
     ("def step(w, grad, lr):\n    return str(w - lr * grad)\n", False, "ch01.step_not_number"),
     )

_add("ch01.lr",
     ("lr = 0.25\n", True, "ch01.lr_ok_one"),
     ("lr = 0.2\n", True, "ch01.lr_ok"),
     ("lr = 1 / 4\n", True, "ch01.lr_ok_one"),
     ("lr = 0.3\n", True, "ch01.lr_ok"),
     ("lr = '0.25'\n", False, "ch01.lr_string"),
     ("lr = None  # write a learning rate here\n", False, "ch01.lr_not_number"),
     ("lr = 0.5\n", False, "ch01.lr_bounces"),
     ("lr = 0.05\n", False, "ch01.lr_too_short"),
     ("lr = 1\n", False, "ch01.lr_diverges"),
     ("lr = -0.25\n", False, "ch01.lr_negative"),
     ("lr = 0\n", False, "ch01.lr_zero"),
     ("lr = 0.45\n", False, "ch01.lr_overshoots"),
     ("lr = [0.25]\n", False, "ch01.lr_not_number"),
     )

# -- chapter 2: MySGD and the batch size -----------------------------------------------------------
_SGD_HEAD = "class MySGD:\n    def __init__(self, lr=0.1):\n        self.lr = lr\n\n    def update(self, params, grads):\n"
_add("ch02.sgd",
     (_SGD_HEAD + "        for key in params:\n            params[key] -= self.lr * grads[key]\n", True, "optimizer.ok"),
     (_SGD_HEAD + "        for key, g in grads.items():\n            params[key] -= self.lr * g\n", True, "optimizer.ok"),
     (_SGD_HEAD + "        for key in params.keys():\n            params[key] -= grads[key] * self.lr\n", True,
      "optimizer.ok"),
     (_SGD_HEAD + "        for key in params:\n            params[key] += self.lr * grads[key]\n", False,
      "optimizer.hint_sign"),
     (_SGD_HEAD + "        for key in params:\n            params[key] -= 0.1 * grads[key]\n", False, "optimizer.ignores",
      "0.1 written instead of self.lr"),
     (_SGD_HEAD + "        return {k: params[k] - self.lr * grads[k] for k in params}\n", False, "optimizer.returned_new"),
     (_SGD_HEAD + "        params = {k: params[k] - self.lr * grads[k] for k in params}\n", False, "optimizer.unchanged",
      "rebinds the local name"),
     (_SGD_HEAD + "        for key in params:\n            params[key] = params[key] - self.lr * grads[key]\n", False,
      "optimizer.not_in_place", "right for floats, replaces arrays"),
     (_SGD_HEAD + "        for key in params:\n            params[key] -= grads[key]\n", False, "optimizer.hint_lr"),
     (_SGD_HEAD + "        for key in params:\n            params[key] -= self.lr * params[key]\n", False,
      "optimizer.hint_general", "the parameter instead of the gradient (looks like a missing lr on x alone)"),
     (_SGD_HEAD + "        # your code here!\n        raise NotImplementedError\n", False, "run.not_implemented"),
     (_SGD_HEAD + "        for key in params:\n            params[key] = None\n", False, "optimizer.stored_bad"),
     (_SGD_HEAD + "        for key in params:\n            params[key] -= self.lr * grad[key]\n", False, "run.raised",
      "a typo: grad for grads"),
     ("class MySGD:\n    def update(self, params, grads):\n        for key in params:\n"
      "            params[key] -= 0.1 * grads[key]\n", False, "optimizer.construct", "no __init__(lr)"),
     ("MySGD = None\n", False, "optimizer.none"),
     (_SGD_HEAD + "        for key in params:\n            params[key] -= self.lr * grads[key]\nMySGD = MySGD()\n", False,
      "optimizer.instance"),
     )

_add("ch02.batch",
     ("answer = 72\n", True, "ch02.ok"),
     ("answer = 72.0\n", True, "ch02.ok"),
     ("answer = 8 * 3**2\n", True, "ch02.ok"),
     ("answer = 24\n", False, "ch02.linear"),
     ("answer = 9\n", False, "ch02.from_one"),
     ("answer = 4\n", False, "ch02.smaller"),
     ("answer = 8 * 3**0.5\n", False, "ch02.other"),
     ("answer = 216\n", False, "ch02.other"),
     ("answer = '72'\n", False, "ch02.not_number"),
     ("answer = None  # write a number here\n", False, "ch02.not_number"),
     ("answer = 71.5\n", False, "ch02.not_whole"),
     )

# -- chapter 3: the divergence boundary and the steps --------------------------------------------
_add("ch03.threshold",
     ("answer = 1 / 3\n", True, "ch03.ok_exact"),
     ("answer = 2 / 6\n", True, "ch03.ok_exact"),
     ("answer = 0.33\n", True, "ch03.ok_rounded"),
     ("answer = 0.333\n", True, "ch03.ok_rounded"),
     ("answer = 0.34\n", False, "ch03.close_above", "rounded up: already diverges"),
     ("answer = 1 / 6\n", False, "ch03.one_step"),
     ("answer = 20\n", False, "ch03.flat_direction"),
     ("answer = 1\n", False, "ch03.old_valley"),
     ("answer = 0.1\n", False, "ch03.converges"),
     ("answer = 0.31\n", False, "ch03.close_below"),
     ("answer = 0.5\n", False, "ch03.diverges"),
     ("answer = '1/3'\n", False, "ch03.not_number"),
     ("answer = 0\n", False, "ch03.not_positive"),
     ("answer = -1 / 3\n", False, "ch03.not_positive"),
     )

_add("ch03.steps",
     ("steps_needed = 51\n", True, "ch03.steps_ok"),
     ("import math\nsteps_needed = math.ceil(math.log(0.1 / 7) / math.log(0.92))\n", True, "ch03.steps_ok"),
     ("steps_needed = 50\n", False, "ch03.steps_one_short"),
     ("steps_needed = 105\n", False, "ch03.steps_forgot_two"),
     ("steps_needed = 54\n", False, "ch03.steps_approximation"),
     ("steps_needed = 50.95\n", False, "ch03.steps_round_up"),
     ("steps_needed = 10\n", False, "ch03.steps_too_few"),
     ("steps_needed = 80\n", False, "ch03.steps_too_many"),
     ("steps_needed = '51'\n", False, "ch03.steps_not_number"),
     ("steps_needed = 0\n", False, "ch03.steps_at_least_one"),
     )

# -- chapter 4: MyMomentum -------------------------------------------------------------------------
_MOM_HEAD = ("class MyMomentum:\n    def __init__(self, lr=0.01, momentum=0.9):\n        self.lr = lr\n"
             "        self.momentum = momentum\n        self.v = None\n\n    def update(self, params, grads):\n")
_MOM_INIT = "        if self.v is None:\n            self.v = {k: np.zeros_like(v) for k, v in params.items()}\n"
_add("ch04.momentum",
     (_MOM_HEAD + _MOM_INIT + "        for key in params:\n"
      "            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]\n"
      "            params[key] += self.v[key]\n", True, "optimizer.ok"),
     (_MOM_HEAD + _MOM_INIT + "        for key in params:\n            self.v[key] *= self.momentum\n"
      "            self.v[key] -= self.lr * grads[key]\n            params[key] += self.v[key]\n", True, "optimizer.ok"),
     (_MOM_HEAD + "        if self.v is None:\n            self.v = {}\n        for key in params:\n"
      "            b = self.momentum * self.v.get(key, 0.0) + grads[key]\n            self.v[key] = b\n"
      "            params[key] -= self.lr * b\n", True, "optimizer.ok", "PyTorch's convention"),
     (_MOM_HEAD + _MOM_INIT + "        for key in params:\n"
      "            self.v[key] = 0.9 * self.v[key] - self.lr * grads[key]\n            params[key] += self.v[key]\n",
      False, "optimizer.ignores", "0.9 written instead of self.momentum"),
     (_MOM_HEAD + _MOM_INIT + "        for key in params:\n"
      "            self.v[key] = self.lr * self.v[key] - self.momentum * grads[key]\n            params[key] += self.v[key]\n",
      False, "optimizer.swapped"),
     (_MOM_HEAD + "        for key in params:\n            params[key] -= self.lr * grads[key]\n", False,
      "optimizer.hint_first_ok", "no velocity"),
     (_MOM_HEAD + "        self.v = {k: np.zeros_like(v) for k, v in params.items()}\n        for key in params:\n"
      "            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]\n            params[key] += self.v[key]\n",
      False, "optimizer.hint_first_ok", "the velocity is reset at every call"),
     (_MOM_HEAD + _MOM_INIT + "        for key in params:\n"
      "            self.v[key] = self.momentum * self.v[key] + self.lr * grads[key]\n            params[key] += self.v[key]\n",
      False, "optimizer.hint_sign"),
     (_MOM_HEAD + "        self.v = {}\n        for key in params:\n            self.v[key] *= self.momentum\n", False,
      "run.raised", "reads the velocity before storing it"),
     ("class MyMomentum:\n    v = {}\n\n    def __init__(self, lr=0.01, momentum=0.9):\n        self.lr = lr\n"
      "        self.momentum = momentum\n\n    def update(self, params, grads):\n        for key in params:\n"
      "            if key not in self.v:\n                self.v[key] = np.zeros_like(params[key])\n"
      "            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]\n"
      "            params[key] += self.v[key]\n", False, "optimizer.class_state"),
     (_MOM_HEAD + "        # write this\n        raise NotImplementedError\n", False, "run.not_implemented"),
     )

# -- chapter 5: MyRMSProp and MyAdaGrad ----------------------------------------------------------
_RMS_HEAD = ("class MyRMSProp:\n    def __init__(self, lr=0.01, decay_rate=0.99, eps=1e-7):\n        self.lr = lr\n"
             "        self.decay_rate = decay_rate\n        self.eps = eps\n        self.h = None\n\n"
             "    def update(self, params, grads):\n"
             "        if self.h is None:\n            self.h = {k: np.zeros_like(v) for k, v in params.items()}\n")
_add("ch05.rmsprop",
     (_RMS_HEAD + "        for key in params:\n"
      "            self.h[key] = self.decay_rate * self.h[key] + (1 - self.decay_rate) * grads[key] ** 2\n"
      "            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + self.eps)\n", True, "optimizer.ok"),
     (_RMS_HEAD + "        for key in params:\n            self.h[key] *= self.decay_rate\n"
      "            self.h[key] += (1 - self.decay_rate) * grads[key] * grads[key]\n"
      "            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + self.eps)\n", True, "optimizer.ok",
      "the textbook's two lines"),
     (_RMS_HEAD + "        for key in params:\n            self.h[key] *= self.decay_rate\n"
      "            self.h[key] += (1 - self.decay_rate) * grads[key] * grads[key]\n"
      "            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)\n", False, "optimizer.ignores",
      "the textbook's 1e-7 instead of self.eps"),
     (_RMS_HEAD + "        for key in params:\n            self.h[key] += grads[key] ** 2\n"
      "            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + self.eps)\n", False,
      "optimizer.hint_general", "AdaGrad's line: nothing forgotten"),
     (_RMS_HEAD + "        for key in params:\n"
      "            self.h[key] = self.decay_rate * self.h[key] + (1 - self.decay_rate) * grads[key] ** 2\n"
      "            params[key] -= self.lr * grads[key] / np.sqrt(self.h[key] + self.eps)\n", False,
      "optimizer.hint_general", "eps inside the root"),
     (_RMS_HEAD + "        for key in params:\n"
      "            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + self.eps)\n"
      "            self.h[key] = self.decay_rate * self.h[key] + (1 - self.decay_rate) * grads[key] ** 2\n", False,
      "optimizer.hint_general", "divides by the old h"),
     (_RMS_HEAD + "        for key in params:\n"
      "            self.h[key] = self.decay_rate * self.h[key] + (1 - self.decay_rate) * grads[key] ** 2\n"
      "            params[key] -= self.lr * grads[key] / (self.h[key] + self.eps)\n", False, "optimizer.hint_general",
      "no square root"),
     )

_ADA_HEAD = ("class MyAdaGrad:\n    def __init__(self, lr=0.01, eps=1e-7):\n        self.lr = lr\n        self.eps = eps\n"
             "        self.h = None\n\n    def update(self, params, grads):\n"
             "        if self.h is None:\n            self.h = {k: np.zeros_like(v) for k, v in params.items()}\n")
_add("ch05.adagrad",
     (_ADA_HEAD + "        for key in params:\n            self.h[key] = self.h[key] + grads[key] ** 2\n"
      "            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + self.eps)\n", True, "optimizer.ok"),
     (_ADA_HEAD + "        for key in params:\n            self.h[key] += grads[key] * grads[key]\n"
      "            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + self.eps)\n", True, "optimizer.ok"),
     (_ADA_HEAD + "        for key in params:\n            self.h[key] = 0.9 * self.h[key] + 0.1 * grads[key] ** 2\n"
      "            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + self.eps)\n", False,
      "optimizer.hint_general", "RMSProp's line left in"),
     (_ADA_HEAD + "        for key in params:\n            self.h[key] += grads[key]\n"
      "            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + self.eps)\n", False, "optimizer.hint_nan",
      "h += g: the root of a negative number"),
     (_ADA_HEAD + "        for key in params:\n            self.h[key] += grads[key] ** 2\n"
      "            params[key] += self.lr * grads[key] / (np.sqrt(self.h[key]) + self.eps)\n", False,
      "optimizer.hint_sign"),
     (_ADA_HEAD + "        for key in params:\n            self.h[key] += grads[key] ** 2\n"
      "            params[key] -= 0.1 * grads[key] / (np.sqrt(self.h[key]) + self.eps)\n", False, "optimizer.ignores"),
     )

# -- chapter 6: MyAdam -----------------------------------------------------------------------------
_ADAM_HEAD = ("class MyAdam:\n    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):\n        self.lr = lr\n"
              "        self.beta1 = beta1\n        self.beta2 = beta2\n        self.eps = eps\n        self.t = 0\n"
              "        self.m = None\n        self.v = None\n\n    def update(self, params, grads):\n"
              "        if self.m is None:\n            self.m = {k: np.zeros_like(v) for k, v in params.items()}\n"
              "            self.v = {k: np.zeros_like(v) for k, v in params.items()}\n")
_ADAM_RIGHT = (_ADAM_HEAD + "        self.t += 1\n        for key in params:\n            g = grads[key]\n"
               "            self.m[key] = self.beta1 * self.m[key] + (1 - self.beta1) * g\n"
               "            self.v[key] = self.beta2 * self.v[key] + (1 - self.beta2) * g**2\n"
               "            m_hat = self.m[key] / (1 - self.beta1**self.t)\n"
               "            v_hat = self.v[key] / (1 - self.beta2**self.t)\n"
               "            params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)\n")


def _adam(old: str, new: str) -> str:
    assert old in _ADAM_RIGHT, old
    return _ADAM_RIGHT.replace(old, new)


_EFFICIENT = (_ADAM_HEAD + "        self.t += 1\n"
              "        lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.t) / (1.0 - self.beta1**self.t)\n"
              "        for key in params:\n"
              "            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])\n"
              "            self.v[key] += (1 - self.beta2) * (grads[key]**2 - self.v[key])\n"
              "            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + self.eps)\n")
_ADAM_ANSWERS = [
    (_ADAM_RIGHT, True, "optimizer.ok"),
    (_EFFICIENT, True, "optimizer.ok", "the paper's efficient form, as the classic textbook writes it"),
    (_adam("params[key] -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)",
           "params[key] = params[key] - self.lr * m_hat / (v_hat ** 0.5 + self.eps)"), False, "optimizer.not_in_place",
     "p = p - ... is right for floats, replaces the arrays"),
    (_adam("m_hat = self.m[key] / (1 - self.beta1**self.t)", "m_hat = self.m[key]")
     .replace("v_hat = self.v[key] / (1 - self.beta2**self.t)", "v_hat = self.v[key]"), False, "ch06.no_bias_correction"),
    (_adam("m_hat = self.m[key] / (1 - self.beta1**self.t)", "m_hat = self.m[key]"), False, "ch06.no_bias_correction_m"),
    (_adam("        self.t += 1\n        for key in params:\n", "        for key in params:\n            self.t += 1\n"),
     False, "ch06.t_per_parameter"),
    (_adam("np.sqrt(v_hat) + self.eps", "np.sqrt(v_hat + self.eps)"), False, "ch06.eps_inside_sqrt"),
    (_adam("np.sqrt(v_hat) + self.eps", "v_hat + self.eps"), False, "ch06.no_sqrt"),
    (_adam("params[key] -= self.lr", "params[key] += self.lr"), False, "ch06.wrong_sign"),
    (_adam("(1 - self.beta1) * g", "g").replace("(1 - self.beta2) * g**2", "g**2"), False, "ch06.no_one_minus_beta"),
    (_EFFICIENT.replace("np.sqrt(self.v[key]) + self.eps", "np.sqrt(self.v[key]) + 1e-7"), False,
     "ch06.eps_written_in_efficient", "copied from the classic textbook, eps included"),
    (_adam("self.beta1 * self.m[key] + (1 - self.beta1) * g", "0.9 * self.m[key] + 0.1 * g"), False,
     "optimizer.second_set", "0.9 written into m but self.beta1 in the correction"),
    (_adam("(1 - self.beta1**self.t)", "(1 - 0.9**self.t)"), False, "optimizer.second_set", "0.9 in the correction"),
    (_adam("self.beta1 * self.m[key] + (1 - self.beta1) * g", "0.9 * self.m[key] + (1 - 0.9) * g")
     .replace("(1 - self.beta1**self.t)", "(1 - 0.9**self.t)"), False, "optimizer.ignores", "0.9 everywhere for beta1"),
    (_adam("        self.t += 1\n        for key in params:\n", "        for key in params:\n")
     + "        self.t += 1\n", False, "ch06.not_finite", "t increased after its use: 0/0 on arrays gives nan"),
]
_add("ch06.adam", *[a if a[1] or not a[2].startswith("ch06.") else (a[0], False, "optimizer.wrong_value") + a[3:]
                    for a in _ADAM_ANSWERS])
_add("ch06.diagnose", *[a if a[2] != "optimizer.ok" else (a[0], True, "ch06.ok") + a[3:] for a in _ADAM_ANSWERS])

# -- chapter 7: a tuned optimizer ------------------------------------------------------------------
_add("ch07.tuned",
     ("my_optimizer = AdaGrad(lr=3.0)\n", True, "ch07.ok"),
     ("my_optimizer = Momentum(lr=1.3, momentum=0.4)\n", True, "ch07.ok"),
     ("my_optimizer = None\n", False, "ch07.none"),
     ("my_optimizer = Adam\n", False, "ch07.class"),
     ("my_optimizer = SGD(lr=0.95)\n", False, "ch07.sgd"),
     ("my_optimizer = SGD(lr=1.5)\n", False, "ch07.diverged"),
     ("my_optimizer = Adam(lr=0.3)\n", False, "ch07.swing"),
     ("my_optimizer = Momentum(lr=0.1)\n", False, "ch07.past"),
     ("my_optimizer = AdaGrad(lr=0.1)\n", False, "ch07.short"),
     ("class Still:\n    def update(self, params, grads):\n        pass\n\nmy_optimizer = Still()\n", False, "ch07.frozen"),
     ("class Far:\n    def update(self, params, grads):\n        params['y'] = params['y'] + 100\n\n"
      "my_optimizer = Far()\n", False, "ch07.left_map", "ends far outside the map without diverging"),
     ("my_optimizer = 'Adam'\n", False, "ch07.no_update"),
     ("class Oops:\n    def update(self, params, grads):\n        params['x'] -= 0.1 * grads['z']\n\n"
      "my_optimizer = Oops()\n", False, "ch07.raised"),
     )

# -- chapter 8: SGD with weight decay --------------------------------------------------------------
_WD_HEAD = ("class SGDWeightDecay:\n    def __init__(self, lr=0.01, weight_decay=0.0):\n        self.lr = lr\n"
            "        self.weight_decay = weight_decay\n\n    def update(self, params, grads):\n        for key in params:\n")
_add("ch08.weight_decay",
     (_WD_HEAD + "            params[key] -= self.lr * (grads[key] + self.weight_decay * params[key])\n", True, "ch08.ok"),
     (_WD_HEAD + "            params[key] -= self.lr * grads[key] + self.lr * self.weight_decay * params[key]\n", True,
      "ch08.ok"),
     (_WD_HEAD + "            params[key] *= 1 - self.lr * self.weight_decay\n            params[key] -= self.lr * grads[key]\n",
      True, "ch08.ok", "decay first, then the gradient step: the same for SGD"),
     (_WD_HEAD + "            params[key] -= self.lr * grads[key]\n", False, "ch08.no_decay"),
     (_WD_HEAD + "            params[key] -= self.lr * (grads[key] - self.weight_decay * params[key])\n", False, "ch08.sign"),
     (_WD_HEAD + "            params[key] -= self.lr * grads[key] + self.weight_decay * params[key]\n", False, "ch08.no_lr"),
     (_WD_HEAD + "            params[key] -= self.lr * (grads[key] + self.weight_decay * params[key] ** 2)\n", False,
      "ch08.squared"),
     (_WD_HEAD + "            params[key] -= self.lr * (grads[key] + 0.5 * self.weight_decay * params[key])\n", False,
      "ch08.half"),
     (_WD_HEAD + "            params[key] -= 0.1 * (grads[key] + 0.5 * params[key])\n", False, "ch08.second_set"),
     (_WD_HEAD + "            params[key] = params[key] - self.lr * (grads[key] + self.weight_decay * params[key])\n",
      False, "ch08.right_but_replaced"),
     (_WD_HEAD + "            params[key] = None\n", False, "ch08.stored_bad"),
     (_WD_HEAD + "            raise NotImplementedError\n", False, "run.not_implemented"),
     ("SGDWeightDecay = None\n", False, "ch08.none"),
     )
