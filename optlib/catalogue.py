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
        "ja": "{step} 歩目のあと（{settings}、{case}）で params['{key}']{index} が {got} になりましたが、"
              "正しくは {want} です。{hint}",
        "en": "After step {step} (with {settings}, {case}), params['{key}']{index} is {got}, but it should be "
              "{want}. {hint}"},
    "optimizer.case_floats": {"ja": "パラメータが数のとき", "en": "on numbers"},
    "optimizer.case_arrays": {"ja": "パラメータが配列のとき", "en": "on arrays"},
    "optimizer.hint_sign": {"ja": "符号を確かめましょう: 勾配と逆向き（マイナス）に進みます。",
                            "en": "Check the sign: the step goes against the gradient (minus)."},
    "optimizer.hint_lr": {"ja": "学習率 self.lr を掛け忘れていませんか。",
                          "en": "Did you forget to multiply by the learning rate self.lr?"},
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
}


def text(msg_id: str, lang: str, **fields) -> str:
    """Message ``msg_id`` in ``lang`` (``"ja"`` or ``"en"``), formatted with ``fields``."""
    try:
        template = MESSAGES[msg_id][lang]
    except KeyError:
        raise KeyError(f"no message {msg_id!r} in {lang!r} in optlib.catalogue") from None
    return template.format(**fields) if fields else template
