"""Every message the exercise checkers print, in Japanese and English, in one place.

A message is ``MESSAGES[id][lang]``, a ``str.format`` template; :func:`text` fills it in.
``tests/test_catalogue.py`` checks that every message exists in both languages with the same fields.
Ids start with what they are about: ``run.`` (the learner's code raised), ``value.`` (what was
stored), ``optimizer.`` (:func:`optlib.checks.check_optimizer`), ``chNN.`` (a chapter's exercise).
"""

from __future__ import annotations

__all__ = ["MESSAGES", "text"]

MESSAGES: dict[str, dict[str, str]] = {
    # -- where in the learner's code --------------------------------------------------------------
    "where.cell": {"ja": "（セル {cell} の {line} 行目: `{code}`）",
                   "en": " (line {line} of cell {cell}: `{code}`)"},
    "where.file": {"ja": "（{cell} の {line} 行目: `{code}`）",
                   "en": " (line {line} of {cell}: `{code}`)"},
    # -- the learner's code raised ----------------------------------------------------------------
    "run.not_implemented": {"ja": "{doing} がまだ実装されていません（NotImplementedError が出ました）。",
                            "en": "{doing} is not implemented yet (it raised NotImplementedError)."},
    "run.raised": {"ja": "{doing} を呼ぶとエラーになりました: {error}{where}。{hint}",
                   "en": "{doing} raised {error}{where}. {hint}"},
    "run.hint_key": {"ja": "辞書のキー {key} を、値を入れる前に読んでいます。使う前に、すべてのキーについて値を用意しましょう"
                           "（たとえば最初の呼び出しで 0 を入れておきます）。",
                     "en": "A dict was read at key {key} before anything was stored there: create the entry for "
                           "every key before using it (for example, zeros on the first call)."},
    "run.hint_zero": {"ja": "0 で割っています。割る数が 0 になっていないか確かめましょう。",
                      "en": "Something was divided by zero: check what the divisor is on this step."},
    # -- what the learner stored ------------------------------------------------------------------
    "value.array": {"ja": "形 {shape}（{dtype}）の配列", "en": "an array of shape {shape} ({dtype})"},
    "value.str": {"ja": "文字列 {value}", "en": "the string {value}"},
    "value.list": {"ja": "リスト {value}", "en": "a list {value}"},
    "value.tuple": {"ja": "タプル {value}", "en": "a tuple {value}"},
    "value.dict": {"ja": "辞書 {value}", "en": "a dict {value}"},
    "value.bool": {"ja": "真偽値 {value}", "en": "the bool {value}"},
    "value.complex": {"ja": "複素数 {value}", "en": "the complex number {value}"},
    "value.other": {"ja": "{kind} 型の値 {value}", "en": "{value} (of type {kind})"},
    "value.want_number": {"ja": "数（float）", "en": "a number (a float)"},
    "value.want_array": {"ja": "もとの形 {shape} の配列（その場で書き換えたもの）",
                         "en": "the same array of shape {shape}, changed in place"},
    # -- check_optimizer --------------------------------------------------------------------------
    "optimizer.ok": {
        "ja": "正解です！ {name} の update は optlib の {ref} と {n} 歩分一致しました"
              "（数と配列のパラメータで、{first} のときと {second} のとき）。",
        "en": "Correct! {name}.update matches optlib's {ref} over {n} steps, on numbers and on arrays, "
              "with {first} and with {second}."},
    "optimizer.none": {"ja": "まだクラスがありません（None です）。class ...: で定義したクラスを渡してください。",
                       "en": "There is no class yet (it is None): pass the class you defined with class ...:."},
    "optimizer.not_class": {
        "ja": "{name} はクラスではありません。class {name}: ... で定義したクラスそのものを渡してください。",
        "en": "{name} is not a class: pass the class itself (the one defined with class {name}: ...)."},
    "optimizer.instance": {
        "ja": "{name}(...) で作ったインスタンスが渡されました。かっこを付けずに、クラスそのもの（{name}）を渡してください。",
        "en": "This is an instance, {name}(...): pass the class itself ({name}, without parentheses)."},
    "optimizer.no_update": {"ja": "{name} に update(self, params, grads) メソッドがありません。",
                            "en": "{name} has no method update(self, params, grads)."},
    "optimizer.construct": {"ja": "{name}({args}) でインスタンスを作れませんでした。{error}",
                            "en": "Could not create {name}({args}). {error}"},
    "optimizer.key_missing": {
        "ja": "update のあと、params にキー '{key}' がなくなりました。params のキーはそのままにして、値だけを書き換えてください。",
        "en": "After update, params has no key '{key}' any more: keep params' keys and change only their values."},
    "optimizer.not_in_place": {
        "ja": "params['{key}'] の配列が新しい配列に置き換えられました。params[key] -= ... のように、配列をその場で書き換えてください"
              "（ネットワークは自分の配列を持ち続けるので、置き換えると変化が届きません）。",
        "en": "params['{key}'], an array, was replaced by a new array: change it in place (params[key] -= ...), "
              "since a network keeps using its own arrays and would not see a new one."},
    "optimizer.stored_bad": {
        "ja": "update のあと、params['{key}'] が {value} になっています。ここには {want} が入るはずです。",
        "en": "After update, params['{key}'] holds {value}, where {want} should be."},
    "optimizer.hint_none": {
        "ja": "値を計算する関数が return を忘れていませんか（return のない関数は None を返します）。",
        "en": " Did a function that computes the value forget to return it (a function without return gives None)?"},
    "optimizer.class_state": {
        "ja": "{name} の状態 {attr} が、クラスの中（def の外）で作られています。これではすべてのインスタンスが同じ {attr} "
              "を共有し、2 つ目の最適化手法が 1 つ目の値を引き継いでしまいます。__init__ の中で self.{attr} = ... "
              "として作りましょう。",
        "en": "{name} keeps its state {attr} on the class (written in the class body, outside any def): every "
              "instance shares the same {attr}, so a second optimizer starts with the first one's values. "
              "Create it in __init__ as self.{attr} = ..."},
    "optimizer.returned_new": {
        "ja": "update が params を書き換えていません（{step} 歩目で params['{key}'] が変わっていません）。"
              "新しい値を return するのではなく、params[key] に代入してください。",
        "en": "update did not change params (after step {step}, params['{key}'] is unchanged). "
              "Assign to params[key] instead of returning the new value."},
    "optimizer.unchanged": {
        "ja": "update が params を書き換えていません（{step} 歩目で params['{key}'] が変わっていません）。"
              "すべてのキーについて params[key] に新しい値を入れてください。",
        "en": "update did not change params (after step {step}, params['{key}'] is unchanged): "
              "store the new value in params[key] for every key."},
    "optimizer.wrong_value": {
        "ja": "{step} 歩目のあと、params['{key}']{index} が {got} になりましたが、正しくは {want} です"
              "（{settings}、{case}）。{hint}",
        "en": "After step {step} (with {settings}, {case}), params['{key}']{index} is {got}, but it should be "
              "{want}. {hint}"},
    "optimizer.case_floats": {"ja": "パラメータが数のとき", "en": "on numbers"},
    "optimizer.case_arrays": {"ja": "パラメータが配列のとき", "en": "on arrays"},
    "optimizer.hint_sign": {"ja": "符号を確かめましょう: 勾配と逆向き（マイナス）に進みます。",
                            "en": "Check the sign: the step goes against the gradient (minus)."},
    "optimizer.hint_lr": {"ja": "学習率 self.lr を掛け忘れていませんか。",
                          "en": "Did you forget to multiply by the learning rate self.lr?"},
    "optimizer.hint_nan": {"ja": "nan（数ではない値）は、0/0 や負の数の平方根から生まれます。2 乗するはずのものを 2 乗していますか。",
                           "en": "nan (not a number) comes from 0/0 or from the square root of a negative number: "
                                 "is everything squared that should be?"},
    "optimizer.hint_first_ok": {
        "ja": "1 歩目は合っています。歩をまたいで持ち越す状態（速度やモーメント）を確かめましょう。",
        "en": "The first step is right: check the state carried from one step to the next (velocity, moments)."},
    "optimizer.hint_general": {"ja": "式をもう一度見比べましょう。",
                               "en": "Compare your formula with the one above once more."},
    "optimizer.ignores": {
        "ja": "{first} では正しいのですが、{second} では違います。{attr} を {other} にしても、"
              "update は {given} のときと同じ計算をしています。数を直接書かずに self.{attr} を使いましょう。",
        "en": "Right with {first}, but not with {second}: with {attr}={other} your update still computes as if "
              "{attr} were {given}. Use self.{attr} instead of writing the number."},
    "optimizer.swapped": {
        "ja": "{settings} のとき、update は {a} と {b} を入れ替えた計算をしています。それぞれの役割を式と見比べましょう。",
        "en": "With {settings}, your update computes as if {a} and {b} were swapped: compare the role of each "
              "in the formula."},
    "optimizer.second_set": {
        "ja": "{first} では正しいのですが、{second} では違います。式の中の数を直接書かずに、self の値を使っていますか。",
        "en": "Right with {first}, but not with {second}: does your update use the values stored on self "
              "rather than numbers written into the formula?"},
    # -- chapter 1: one step, and a learning rate for the steep bowl ---------------------------------
    "ch01.step_ok": {"ja": "正解です！ 新しい重み = 今の重み − 学習率 × 勾配 が書けました（数でも配列でも動きます）。",
                     "en": "Correct! new weight = weight − learning rate × gradient (for numbers and arrays alike)."},
    "ch01.step_none": {"ja": "まだ step がありません（None です）。def step(w, grad, lr): ... で定義してください。",
                       "en": "There is no step yet (it is None): define it with def step(w, grad, lr): ..."},
    "ch01.step_not_function": {"ja": "step は関数ではありません。def step(w, grad, lr): ... で定義してください。",
                               "en": "step is not a function: define it with def step(w, grad, lr): ..."},
    "ch01.step_none_returned": {"ja": "step が何も返していません（None）。新しい重みを return してください。",
                                "en": "step returned nothing (None): return the new weight."},
    "ch01.step_tuple": {
        "ja": "{call} が {value} を返しました。return の行の最後にカンマがあると、値が 1 つでもタプルになります。カンマを消しましょう。",
        "en": "{call} returned {value}: a comma at the end of the return line makes a tuple, even of one value. "
              "Remove the comma."},
    "ch01.step_not_number": {"ja": "{call} が {value} を返しました。新しい重み（数）を return してください。",
                             "en": "{call} returned {value}: return the new weight, a number."},
    "ch01.step_wrong": {"ja": "{call} は {got} を返しましたが、正しくは {want} です。{hint}",
                        "en": "{call} returned {got}, but it should be {want}. {hint}"},
    "ch01.hint_sign": {"ja": "勾配と逆向きに進むので、引き算です。", "en": "The step goes against the gradient: subtract."},
    "ch01.hint_lr": {"ja": "学習率を掛け忘れていませんか。", "en": "Did you forget to multiply by the learning rate?"},
    "ch01.hint_formula": {"ja": "新しい重み = 今の重み − 学習率 × 勾配 です。",
                          "en": "new weight = weight − learning rate × gradient."},
    "ch01.step_arrays_raised": {
        "ja": "数では正しく動きますが、配列の重みではうまくいきません。{error}if や float() を使わず、NumPy の演算だけで書けば、"
              "数にも配列にも使えます。",
        "en": "It works for numbers but not for arrays of weights: {error} Without if or float(), plain NumPy "
              "arithmetic works for both."},
    "ch01.step_arrays_kind": {"ja": "配列の重みを渡すと {value} が返りました。同じ形の配列を返すようにしましょう（NumPy の演算をそのまま使えば返ります）。",
                              "en": "Given an array of weights, step returned {value}: return an array of the same shape "
                                    "(plain NumPy arithmetic does)."},
    "ch01.step_arrays_wrong": {"ja": "配列の重みを渡すと {got} が返りましたが、正しくは {want} です。配列でも動くようにしましょう"
                                     "（NumPy の演算をそのまま使えば動きます）。",
                               "en": "Given arrays of weights, step returned {got}, but it should be {want}: make it work "
                                     "for arrays too (plain NumPy arithmetic does)."},
    "ch01.lr_ok": {"ja": "正解です！ 学習率 {lr} で、{n} 歩目に谷底（距離 {tol} 以内）に着きました。",
                   "en": "Correct! With learning rate {lr} the walker is within {tol} of the bottom after {n} steps."},
    "ch01.lr_ok_one": {"ja": "正解です！ 学習率 {lr} で、1 歩目でもう谷底（距離 {tol} 以内）に着きました。",
                       "en": "Correct! With learning rate {lr} the walker is within {tol} of the bottom after 1 step."},
    "ch01.lr_string": {"ja": "lr が文字列 {value} になっています。引用符を付けずに数で書いてください（例: lr = 0.1）。",
                       "en": "lr is the string {value}: write a number without quotes (e.g. lr = 0.1)."},
    "ch01.lr_not_number": {"ja": "lr に学習率（正の数）を代入してください（今は {value} です）。",
                           "en": "Set lr to a learning rate, a positive number (it is {value} now)."},
    "ch01.lr_not_finite": {"ja": "学習率は有限の数にしてください（{value} では計算できません）。",
                           "en": "The learning rate must be a finite number ({value} cannot be used)."},
    "ch01.lr_zero": {"ja": "学習率は 0 より大きい数にしてください（0 では一歩も動きません）。",
                     "en": "The learning rate must be greater than 0 (with 0 the walker never moves)."},
    "ch01.lr_negative": {"ja": "学習率は 0 より大きい数にしてください（{lr} のような負の学習率では、坂を上ってしまいます）。",
                         "en": "The learning rate must be greater than 0 (a negative one such as {lr} walks uphill)."},
    "ch01.lr_diverges": {"ja": "学習率 {lr} では、一歩ごとに谷底から遠ざかって発散しました。学習率が大きすぎます。",
                         "en": "With learning rate {lr} every step lands farther from the bottom: the walk diverges. "
                               "The learning rate is too large."},
    "ch01.lr_bounces": {"ja": "学習率 {lr} では、谷底をはさんで同じ 2 点を行ったり来たりするだけで、少しも近づきません。学習率が大きすぎます。",
                        "en": "With learning rate {lr} the walker jumps back and forth between the same two points "
                              "across the bottom and never gets closer. The learning rate is too large."},
    "ch01.lr_overshoots": {"ja": "学習率 {lr} では谷底を飛び越えて行ったり来たりし、{steps} 歩後も谷底まで {left} 離れています。"
                                 "学習率を少し小さくしましょう。",
                           "en": "With learning rate {lr} the walker overshoots the bottom and bounces back and forth; "
                                 "after {steps} steps it is still {left} away. Try a slightly smaller learning rate."},
    "ch01.lr_too_short": {"ja": "学習率 {lr} では一歩が小さすぎて、{steps} 歩後も谷底まで {left} 離れています。学習率を大きくしましょう。",
                          "en": "With learning rate {lr} the steps are too short: after {steps} steps the walker is "
                                "still {left} from the bottom. Try a larger learning rate."},
    # -- chapter 2: the batch size for a third of the wobble -----------------------------------------
    "ch02.ok": {"ja": "正解です！ ぶれは 1/√B に比例するので、√B を 3 倍、つまり B を 3² = 9 倍にします: {start} × 9 = {answer}。",
                "en": "Correct! The spread is proportional to 1/√B, so √B must grow 3 times, that is B 3² = 9 times: "
                      "{start} × 9 = {answer}."},
    "ch02.not_number": {"ja": "答えは数で書いてください（今は {value} です）。",
                        "en": "Give the answer as a number (it is {value} now)."},
    "ch02.linear": {"ja": "ぶれは B に反比例するのではなく、√B に反比例します。B を 3 倍にしても、ぶれは 1/√3 倍にしかなりません。",
                    "en": "The spread is not inversely proportional to B but to √B: tripling B only divides it by √3."},
    "ch02.from_one": {"ja": "B = 9 は、B = 1 から始めたときの答えです。ここでは B = {start} から始めます。",
                      "en": "B = 9 is the answer when starting from B = 1; here we start from B = {start}."},
    "ch02.smaller": {"ja": "バッチを小さくすると、ぶれは大きくなります。B = {start} より大きくしましょう。",
                     "en": "A smaller batch wobbles more, not less: go above B = {start}."},
    "ch02.not_whole": {"ja": "バッチサイズはデータの個数なので整数です（{value} は整数ではありません）。",
                       "en": "A batch size counts examples, so it is a whole number ({value} is not)."},
    "ch02.other": {"ja": "B = {value} では、ぶれは B = {start} のときの √({start}/{value}) ≈ {ratio} 倍です。"
                         "ちょうど 1/3 ≈ 0.33 倍になる B を求めましょう。",
                   "en": "With B = {value} the spread is √({start}/{value}) ≈ {ratio} times its value at B = {start}; "
                         "find the B that makes it exactly 1/3 ≈ 0.33."},
    # -- chapter 3: where SGD starts to diverge; steps on the valley ---------------------------------
    "ch03.ok_exact": {"ja": "正解です！ いちばん急な y 方向（曲率 6）が境目を決めます: |1 − 6η| < 1 から η < 2/6 = 1/3。"
                            "これより大きいと y の揺れが毎歩大きくなって発散します。",
                      "en": "Correct! The steepest direction, y (curvature 6), sets the boundary: |1 − 6η| < 1 gives "
                            "η < 2/6 = 1/3. Above it, the swing in y grows at every step: SGD diverges."},
    "ch03.ok_rounded": {"ja": "正解です！ {value} は 1/3 を丸めた値です。いちばん急な y 方向（曲率 6）が境目を決めます: "
                              "|1 − 6η| < 1 から η < 2/6 = 1/3。",
                        "en": "Correct! {value} is 1/3 rounded. The steepest direction, y (curvature 6), sets the "
                              "boundary: |1 − 6η| < 1 gives η < 2/6 = 1/3."},
    "ch03.not_number": {"ja": "答えは数で書いてください（今は {value} です）。",
                        "en": "Give the answer as a number (it is {value} now)."},
    "ch03.not_positive": {"ja": "学習率は正の数です（{value} では坂を下りません）。発散が始まる、正の境目を求めましょう。",
                          "en": "A learning rate is positive ({value} does not go downhill): find the positive "
                                "boundary above which SGD diverges."},
    "ch03.flat_direction": {"ja": "平らな x 方向ではなく、いちばん急な方向が境目を決めます。",
                            "en": "The boundary is set by the steepest direction, not the flat x direction."},
    "ch03.one_step": {"ja": "それは 1 歩で y が 0 になる学習率です。発散が始まる境目はその 2 倍です。",
                      "en": "That learning rate sends y to 0 in one step; the boundary of divergence is twice as large."},
    "ch03.old_valley": {"ja": "それは z = x²/20 + y² のときの境目です。ここでは y の係数が 3 になっています。",
                        "en": "That is the boundary for z = x²/20 + y²; here the y coefficient is 3."},
    "ch03.converges": {"ja": "学習率 {value} では SGD はまだ収束します（y は毎歩 1 − 6η = {factor} 倍）。境目はもっと大きい値です。",
                       "en": "With learning rate {value} SGD still converges (y is multiplied by 1 − 6η = {factor} each "
                             "step): the boundary is larger."},
    "ch03.close_below": {"ja": "惜しい！ 学習率 {value} ではまだ収束します（y は毎歩 {factor} 倍）。|1 − 6η| = 1 となる η を"
                               "分数か小数（0.33 など）で書きましょう。",
                         "en": "Close! With learning rate {value} SGD still converges (y is multiplied by {factor} each "
                               "step): write the η with |1 − 6η| = 1, as a fraction or a decimal such as 0.33."},
    "ch03.close_above": {"ja": "惜しい！ 学習率 {value} では y が毎歩 {factor} 倍になり、|{factor}| > 1 なのでもう発散します。"
                               "境目は少しだけ小さい値です。",
                         "en": "Close! With learning rate {value}, y is multiplied by {factor} each step, and "
                               "|{factor}| > 1: SGD already diverges. The boundary is a little smaller."},
    "ch03.diverges": {"ja": "学習率 {value} では y が毎歩 {factor} 倍になり、発散します。|1 − 6η| < 1 となる η の上の端を求めましょう。",
                      "en": "With learning rate {value}, y is multiplied by {factor} each step: SGD diverges. Find the "
                            "upper end of the η with |1 − 6η| < 1."},
    "ch03.steps_not_number": {"ja": "答えは歩数（整数）で書いてください（今は {value} です）。",
                              "en": "Give the answer as a number of steps, an integer (it is {value} now)."},
    "ch03.steps_round_up": {"ja": "歩数は整数です。{value} 歩では足りないので、切り上げましょう。",
                            "en": "A number of steps is an integer. {value} steps are not enough: round up."},
    "ch03.steps_not_whole": {"ja": "歩数は整数で書いてください。", "en": "Write the number of steps as an integer."},
    "ch03.steps_at_least_one": {"ja": "歩数は 1 以上の整数です。", "en": "A number of steps is an integer of at least 1."},
    "ch03.steps_ok": {"ja": "正解です！ x は毎歩 1 − 2·(1/20)·0.8 = 0.92 倍になり、7 × 0.92^{before} ≈ {left_before} は"
                            "まだ 0.1 以上、7 × 0.92^{n} ≈ {left} で初めて 0.1 を下回ります。",
                      "en": "Correct! x is multiplied by 1 − 2·(1/20)·0.8 = 0.92 each step: 7 × 0.92^{before} ≈ "
                            "{left_before} is still at least 0.1, 7 × 0.92^{n} ≈ {left} is the first below it."},
    "ch03.steps_one_short": {"ja": "惜しい！ {value} 歩後の |x| は 7 × 0.92^{value} ≈ {left} で、まだ 0.1 以上です。"
                                   "切り捨てではなく切り上げです。",
                             "en": "Close! After {value} steps |x| = 7 × 0.92^{value} ≈ {left}, still at least 0.1: "
                                   "round up, not down."},
    "ch03.steps_forgot_two": {"ja": "x の倍率は 1 − 2aη です。x²/20 を微分すると x/10 になるので、2 を忘れないようにしましょう（倍率は 0.92）。",
                              "en": "The factor of x is 1 − 2aη: the derivative of x²/20 is x/10, so do not forget "
                                    "the 2 (the factor is 0.92)."},
    "ch03.steps_approximation": {"ja": "近似 ln 70 / (2aη) では少し多めになります。−ln(0.92) をそのまま使って計算しましょう。",
                                 "en": "The approximation ln 70 / (2aη) overestimates a little: use −ln(0.92) itself."},
    "ch03.steps_too_few": {"ja": "少なすぎます。{value} 歩後の |x| は 7 × 0.92^{value} ≈ {left} で、まだ 0.1 以上です。",
                           "en": "Too few: after {value} steps |x| = 7 × 0.92^{value} ≈ {left}, still at least 0.1."},
    "ch03.steps_too_many": {"ja": "多すぎます。{value} 歩目より前に |x| は 0.1 を下回ります。x は毎歩 0.92 倍です。",
                            "en": "Too many: |x| drops below 0.1 before step {value}. x is multiplied by 0.92 each step."},
    # -- chapter 7: an optimizer tuned for the valley ------------------------------------------------
    "ch07.ok": {"ja": "正解です！ {name} は {steps} 歩で {where} に着き、最小点までの距離は {distance} です（目標は {tol} 以内）。",
                "en": "Correct! After {steps} steps {name} stands at {where}, {distance} from the minimum "
                      "(the goal was within {tol})."},
    "ch07.none": {"ja": "まだ最適化手法が選ばれていません。my_optimizer = Adam(lr=0.3) のように、学習率を決めたインスタンスを代入してください。",
                  "en": "No optimizer chosen yet: assign an instance with its learning rate, e.g. my_optimizer = Adam(lr=0.3)."},
    "ch07.class": {"ja": "{name} はクラスです。{name}(lr=...) のように、学習率を決めたインスタンスを渡してください。",
                   "en": "{name} is a class: pass an instance with its learning rate, such as {name}(lr=...)."},
    "ch07.no_update": {"ja": "{name} には update(params, grads) メソッドがありません。最適化手法のインスタンスを渡してください。",
                       "en": "{name} has no update(params, grads) method: pass an optimizer instance."},
    "ch07.raised": {"ja": "歩かせるとエラーになりました。{error}", "en": "Walking with it failed. {error}"},
    "ch07.frozen": {"ja": "{name} で歩かせても、冒険者は一歩も動きませんでした。update が params の値を書き換えているか確かめましょう。",
                    "en": "With {name} the walker never moved at all: check that update changes the values in params."},
    "ch07.diverged": {"ja": "{step} 歩目で発散しました。学習率が大きすぎます。小さくしてみましょう。",
                      "en": "The walker diverged at step {step}: the learning rate is too large. Make it smaller."},
    "ch07.left_map": {"ja": "冒険者は {step} 歩目で地図（x は −10〜10、y は −5〜5）の外に出て、{where} で終わりました。"
                            "学習率が大きすぎます。小さくしてみましょう。",
                      "en": "The walker left the map (x from −10 to 10, y from −5 to 5) at step {step} and ended at "
                            "{where}: the learning rate is too large. Make it smaller."},
    "ch07.far": {"ja": "{steps} 歩後の位置は {where} で、最小点までの距離 {distance} は {tol} を超えています。",
                 "en": "After {steps} steps the walker stands at {where}, {distance} from the minimum: more than {tol}. "},
    "ch07.sgd": {"ja": "SGD では、どの学習率でもこの目標には届きません。発散しないためには η < 1 が必要で、そのとき x は毎歩 "
                       "(1 − η/10) > 0.9 倍にしかならないので、30 歩後も谷底から 7 × 0.9³⁰ ≈ 0.30 以上離れているからです。"
                       "別の手法を選びましょう。",
                 "en": "SGD cannot reach this goal with any learning rate: it needs η < 1 not to diverge, and then x "
                       "only shrinks by a factor (1 − η/10) > 0.9 per step, so after 30 steps it is still more than "
                       "7 × 0.9³⁰ ≈ 0.30 from the bottom. Choose another method."},
    "ch07.swing": {"ja": "谷を横切る y 方向の揺れがまだ残っています。学習率を少しずつ変えて（多くの場合は小さくして）、"
                         "揺れが早く収まる値を探しましょう。",
                   "en": "The swing across the valley (in y) has not died out yet. Change the learning rate a little "
                         "at a time (usually: lower it) to find a value where the swing settles sooner."},
    "ch07.past": {"ja": "x が正なので、谷底を通り過ぎています（勢いがつきすぎです）。学習率か、モーメンタム係数（Adam なら beta1）"
                        "を小さくしてみましょう。",
                  "en": "x is positive: the walker has rolled past the bottom (too much speed). Try a smaller learning "
                        "rate or a smaller momentum coefficient (beta1 for Adam)."},
    "ch07.short": {"ja": "谷に沿った x 方向で、まだ谷底の手前にいます。学習率を大きくしてみましょう。",
                   "en": "Along the valley (in x) the walker is still short of the bottom. Try a larger learning rate."},
    # -- chapter 6: Adam -----------------------------------------------------------------------
    "ch06.ok": {"ja": "正解です！ よくある間違いはどれも当てはまりません。",
                "en": "Correct! None of the typical mistakes applies."},
    "ch06.zero_division": {
        "ja": "0 で割っています（{error}{where}）。t を 1 増やしてから 1 − βᵗ で割りましょう（t = 0 のままだと 1 − β⁰ = 0 です）。",
        "en": "A division by zero ({error}{where}). Increase t before dividing by 1 − βᵗ (with t = 0, 1 − β⁰ = 0)."},
    "ch06.not_finite": {
        "ja": "パラメータが nan や inf になりました。t を増やす前に 1 − βᵗ で割っていないか（0 で割ることになります）、"
              "v に g² を足しているかを確かめましょう。",
        "en": "The parameters became nan or inf. Check that t is increased before dividing by 1 − βᵗ "
              "(otherwise it divides by 0) and that v accumulates g², not g."},
    "ch06.unknown": {"ja": "よくある間違いのどれとも違いました。{message} 式を 1 行ずつ見比べましょう。",
                     "en": "None of the typical mistakes matches. {message} Compare the formulas line by line."},
    "ch06.no_bias_correction": {
        "ja": "バイアス補正がありません。m と v をそのまま使わず、m̂ = m / (1 − β₁ᵗ)、v̂ = v / (1 − β₂ᵗ) で割ってから使いましょう。",
        "en": "The bias correction is missing: use m̂ = m / (1 − β₁ᵗ) and v̂ = v / (1 − β₂ᵗ), not the raw m and v."},
    "ch06.no_bias_correction_m": {
        "ja": "m のバイアス補正がありません: m̂ = m / (1 − β₁ᵗ) を使いましょう（v は補正できています）。",
        "en": "m is not bias-corrected: use m̂ = m / (1 − β₁ᵗ) (v is corrected already)."},
    "ch06.no_bias_correction_v": {
        "ja": "v のバイアス補正がありません: v̂ = v / (1 − β₂ᵗ) を使いましょう（m は補正できています）。",
        "en": "v is not bias-corrected: use v̂ = v / (1 − β₂ᵗ) (m is corrected already)."},
    "ch06.t_per_parameter": {
        "ja": "t をパラメータごとに増やしていませんか。t は update を 1 回呼ぶごとに 1 だけ増やします（for ループの外で）。",
        "en": "Is t increased once per parameter? It must grow by 1 per call to update (outside the for loop)."},
    "ch06.eps_inside_sqrt": {
        "ja": "ε は平方根の外に足します: √v̂ + ε です（√(v̂ + ε) ではありません）。",
        "en": "ε goes outside the square root: √v̂ + ε, not √(v̂ + ε)."},
    "ch06.no_sqrt": {
        "ja": "v̂ の平方根を取り忘れていませんか。分母は √v̂ + ε です。",
        "en": "Did you forget the square root of v̂? The denominator is √v̂ + ε."},
    "ch06.wrong_sign": {
        "ja": "符号が逆です。勾配と逆向きに進むので、params[key] から引きます。",
        "en": "The sign is flipped: the step goes against the gradient, so subtract it from params[key]."},
    "ch06.no_one_minus_beta": {
        "ja": "(1 − β₁) と (1 − β₂) を掛け忘れていませんか: m = β₁m + (1 − β₁)g、v = β₂v + (1 − β₂)g² です。",
        "en": "Did you forget the factors (1 − β₁) and (1 − β₂)? m = β₁m + (1 − β₁)g and v = β₂v + (1 − β₂)g²."},
    "ch06.eps_written_in": {
        "ja": "ε が self.eps ではなく 1e-7 と書かれています（古典的な教科書のコードの値です）。ここでは self.eps（1e-8）を使いましょう。",
        "en": "ε is written as 1e-7 (the classic textbook's value) instead of self.eps: use self.eps (1e-8 here)."},
    "ch06.eps_written_in_efficient": {
        "ja": "効率のよい形（補正を学習率にまとめる形）は正しいのですが、ε が self.eps ではなく 1e-7 と書かれています"
              "（古典的な教科書のコードの値です）。ここでは self.eps（1e-8）を使いましょう。",
        "en": "The efficient form (the corrections folded into the step size) is fine, but ε is written as 1e-7 (the classic "
              "textbook's value) instead of self.eps: use self.eps (1e-8 here)."},
    "ch06.swapped_betas": {
        "ja": "β₁ と β₂ が入れ替わっています。m（勾配の平均）には β₁ = 0.9、v（勾配の二乗の平均）には β₂ = 0.999 を使います。",
        "en": "β₁ and β₂ are swapped: m (the mean of the gradient) uses β₁ = 0.9, v (the mean of its square) β₂ = 0.999."},
    # -- chapter 8: SGD with weight decay ------------------------------------------------------------
    "ch08.ok": {"ja": "正解です！ {name} の update は荷重減衰つき SGD と {steps} 歩分一致しました（{first} のときと {second} のとき）。",
                "en": "Correct! {name}.update matches SGD with weight decay over {steps} steps (with {first} and "
                      "with {second})."},
    "ch08.none": {"ja": "まだクラスがありません（None です）。class SGDWeightDecay: ... を書いて渡してください。",
                  "en": "No class yet (it is None): write class SGDWeightDecay: ... and pass it."},
    "ch08.not_class": {"ja": "{value} はクラスではありません。インスタンスではなくクラスそのものを渡してください。",
                       "en": "{value} is not a class: pass the class itself, not an instance."},
    "ch08.construct": {"ja": "{name}({args}) でインスタンスを作れませんでした。{error}",
                       "en": "Could not create {name}({args}). {error}"},
    "ch08.stored_bad": {"ja": "update のあと、params['{key}'] が {value} になっています。ここには形 {shape} の配列"
                              "（その場で書き換えたもの）が入るはずです。",
                        "en": "After update, params['{key}'] holds {value}, where the array of shape {shape} "
                              "(changed in place) should be."},
    "ch08.unchanged": {"ja": "update が params を書き換えていません。新しい値を return するのではなく、params[key] -= ... "
                             "のように配列をその場で更新してください。",
                       "en": "update did not change params: instead of returning new values, update the arrays in "
                             "place (params[key] -= ...)."},
    "ch08.not_in_place": {"ja": "配列のパラメータが新しい配列に置き換えられました。params[key] -= ... のように、配列をその場で更新してください。",
                          "en": "An array parameter was replaced by a new array: update it in place (params[key] -= ...)."},
    "ch08.right_but_replaced": {"ja": "値は正しいのですが、配列のパラメータが新しい配列に置き換えられました。params[key] -= ... "
                                      "のように、配列をその場で更新してください。",
                                "en": "The values are right, but an array parameter was replaced by a new array: update "
                                      "it in place (params[key] -= ...)."},
    "ch08.no_decay": {"ja": "荷重減衰が効いていません（普通の SGD と同じ結果です）。勾配に weight_decay * params[key] を足してください。",
                      "en": "Weight decay has no effect (the result equals plain SGD): add weight_decay * params[key] "
                            "to the gradient."},
    "ch08.sign": {"ja": "減衰項の符号が逆です。荷重減衰は重みを 0 に向けて縮めるので、勾配に + weight_decay * params[key] を足します。",
                  "en": "The decay term has the wrong sign: weight decay shrinks the weights toward 0, so add "
                        "+ weight_decay * params[key] to the gradient."},
    "ch08.no_lr": {"ja": "減衰項にも学習率を掛けてください: params[key] -= lr * (grads[key] + weight_decay * params[key])。",
                   "en": "Multiply the decay term by the learning rate too: "
                         "params[key] -= lr * (grads[key] + weight_decay * params[key])."},
    "ch08.squared": {"ja": "減衰項は weight_decay * params[key] です（2 乗しません）。罰則 λ/2·W² を微分すると λW になります。",
                     "en": "The decay term is weight_decay * params[key] (not squared): the derivative of the "
                           "penalty λ/2·W² is λW."},
    "ch08.half": {"ja": "減衰項が半分になっています。罰則 λ/2·W² を微分すると λW です（1/2 は消えます）。",
                  "en": "The decay term is half as large as it should be: the derivative of the penalty λ/2·W² is "
                        "λW (the 1/2 cancels)."},
    "ch08.second_set": {"ja": "{first} では正しいのですが、{second} では違います。式の中に数を直接書かず、self.lr と "
                              "self.weight_decay を使いましょう。",
                        "en": "Right with {first}, but not with {second}: use self.lr and self.weight_decay instead "
                              "of numbers written into the formula."},
    "ch08.wrong_value": {"ja": "{step} 歩目のあと params['{key}'][{index}] が {got} になりましたが、正しくは {want} です。"
                               "式 params[key] -= lr * (grads[key] + weight_decay * params[key]) と見比べましょう。",
                         "en": "After step {step}, params['{key}'][{index}] is {got}, but it should be {want}. Compare "
                               "with params[key] -= lr * (grads[key] + weight_decay * params[key])."},
}


def text(msg_id: str, lang: str, **fields) -> str:
    """Message ``msg_id`` in ``lang`` (``"ja"`` or ``"en"``), formatted with ``fields``."""
    try:
        template = MESSAGES[msg_id][lang]
    except KeyError:
        raise KeyError(f"no message {msg_id!r} in {lang!r} in optlib.catalogue") from None
    return template.format(**fields) if fields else template
