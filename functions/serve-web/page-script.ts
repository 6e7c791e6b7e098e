import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from '../../shared/domain/attachment.js';

/**
 * The page's only script: plain ES2017 for any phone browser, no framework, no external file.
 * Its checks mirror the server's (functions/ingest-webform/webform.ts), so a citizen sees the same
 * Chinese message before sending as the server would give; the server's `details` are shown too.
 * It holds no backtick and no `${`, so it can live in this raw template.
 */
const SCRIPT = String.raw`(function () {
  'use strict';
  var LIMITS = __LIMITS__;
  var $ = function (id) { return document.getElementById(id); };
  var form = $('appeal-form');
  var lookupForm = $('lookup-form');
  var submitButton = $('submit-button');
  var fields = ['type', 'category', 'district', 'address', 'content', 'phone', 'code', 'name', 'attachments'];
  // 短信验证码: offered only where the directory says the deployment sends SMS, insisted on only
  // where it says the code is required; optional, the form goes without one (phone unverified).
  var verifyOn = false;
  var verifyRequired = false;
  var verificationId = null;
  var countdown = null;
  // One Idempotency-Key per submission: kept across retries of the same content (a double click or
  // a lost response makes one case), dropped as soon as the citizen edits the form.
  var pendingKey = null;
  var uploadedKeys = new Map();
  var typeTouched = false;
  var busy = false;

  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function addOption(select, value, text) {
    var option = document.createElement('option');
    option.value = value;
    option.textContent = text;
    select.appendChild(option);
  }

  var OPTIONAL_CODE_HINT = '可不填。验证手机号后，您多次反映同一问题时，市民热线可合并办理；点击“获取验证码”，将 6 位验证码发送到上面的手机号，5 分钟内有效';

  // Whether this submission carries a code: always where it is required, where optional only
  // when the citizen typed one (then it is checked as where it is required).
  function codeGiven() {
    return verifyOn && (verifyRequired || $('code').value.trim() !== '');
  }

  function fillDirectory(directory) {
    directory.types.forEach(function (t) { addOption($('type'), t.code, t.name); });
    directory.categories.forEach(function (c) {
      addOption($('category'), c.code, c.name);
      if (c.defaultType) $('category').lastChild.setAttribute('data-type', c.defaultType);
    });
    directory.districts.forEach(function (d) { addOption($('district'), d.code, d.name); });
    if (directory.phoneVerification === true) {
      verifyOn = true;
      verifyRequired = directory.phoneVerificationRequired === true;
      $('code-field').hidden = false;
      $('code').required = verifyRequired;
      $('code-req').hidden = !verifyRequired;
      $('code-opt').hidden = verifyRequired;
      if (!verifyRequired) $('code-hint').textContent = OPTIONAL_CODE_HINT;
    }
    form.setAttribute('data-ready', 'true');
  }

  function loadDirectory() {
    fetch('/v1/directory').then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    }).then(fillDirectory).catch(function () {
      showSummary('诉求类别加载失败，请检查网络后刷新页面', []);
    });
  }

  function setError(name, message) {
    var el = $('err-' + name);
    var input = $(name);
    if (el) el.textContent = message || '';
    if (input) {
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }

  function clearErrors() {
    fields.forEach(function (f) { setError(f, ''); });
    var summary = $('form-summary');
    summary.hidden = true;
    summary.textContent = '';
  }

  function showSummary(title, messages) {
    var summary = $('form-summary');
    summary.textContent = '';
    var strong = document.createElement('strong');
    strong.textContent = title;
    summary.appendChild(strong);
    if (messages.length) {
      var list = document.createElement('ul');
      messages.forEach(function (m) {
        var li = document.createElement('li');
        li.textContent = m;
        list.appendChild(li);
      });
      summary.appendChild(list);
    }
    summary.hidden = false;
    summary.focus();
  }

  function normalisePhone(value) {
    return value.trim().replace(/[\s-]/g, '').replace(/^(\+?86)/, '');
  }

  function validate() {
    var errors = {};
    var content = $('content').value.trim();
    var phone = $('phone').value.trim();
    if (!$('type').value) errors.type = '请选择诉求类型';
    if (!$('category').value) errors.category = '请选择诉求类别';
    if (!$('district').value) errors.district = '请选择所在区县';
    if ($('address').value.trim().length > 200) errors.address = '地址最多 200 字';
    if (content.length < 5) errors.content = '诉求内容至少 5 个字';
    else if (content.length > 2000) errors.content = '诉求内容最多 2000 字';
    if (!phone) errors.phone = '请填写手机号码';
    else if (!/^1[3-9]\d{9}$/.test(normalisePhone(phone))) errors.phone = '须为中国大陆手机号（11 位，13–19 开头）';
    if (codeGiven() && !verificationId) errors.code = '请先获取短信验证码';
    else if (codeGiven() && !/^\d{6}$/.test($('code').value.trim())) errors.code = '请输入 6 位短信验证码';
    if ($('name').value.trim().length > 50) errors.name = '姓名最多 50 字';
    var files = Array.prototype.slice.call($('attachments').files || []);
    if (files.length > LIMITS.maxFiles) errors.attachments = '最多上传 ' + LIMITS.maxFiles + ' 张图片';
    files.forEach(function (f) {
      if (!Object.prototype.hasOwnProperty.call(LIMITS.types, f.type)) errors.attachments = '仅支持 JPG、PNG、WebP 或 HEIC 格式的图片：' + f.name;
      else if (f.size > LIMITS.maxBytes) errors.attachments = '单张图片不能超过 5 MB：' + f.name;
      else if (f.size < 1) errors.attachments = '文件为空：' + f.name;
    });
    return errors;
  }

  function showErrors(errors, title) {
    var names = Object.keys(errors);
    names.forEach(function (n) { setError(n, errors[n]); });
    showSummary(title, names.map(function (n) { return errors[n]; }));
    var first = $(names[0]);
    if (first && names.length) first.focus();
  }

  /** The server's refusal, shown beside the fields it names. */
  function serverErrors(body) {
    var error = (body && body.error) || {};
    var byField = {};
    (error.details || []).forEach(function (d) {
      var name = String(d.path || '').split('.')[0];
      if (fields.indexOf(name) !== -1) byField[name] = d.message;
    });
    if (error.code === 'unknown_category') byField.category = error.message;
    if (error.code === 'unknown_district') byField.district = error.message;
    if (error.code === 'invalid_code' || error.code === 'code_expired' || error.code === 'verification_required') byField.code = error.message;
    if (error.code === 'invalid_phone') byField.phone = error.message;
    return { title: error.message || '提交失败，请稍后重试', byField: byField };
  }

  function readJson(response) {
    return response.json().catch(function () { return {}; });
  }

  // A grant is for one photo: its size and SHA-256 are signed into its upload form, S3 refuses
  // bytes that do not hash to it, and the archive takes the photo only if they still do.
  function sha256Base64(file) {
    if (!window.crypto || !window.crypto.subtle) {
      return Promise.reject({ field: 'attachments', message: '当前浏览器无法校验图片，请通过 HTTPS 访问或更换浏览器后重试' });
    }
    var read = typeof file.arrayBuffer === 'function' ? file.arrayBuffer() : new Response(file).arrayBuffer();
    return read.then(function (bytes) {
      return window.crypto.subtle.digest('SHA-256', bytes);
    }).then(function (digest) {
      return btoa(String.fromCharCode.apply(null, new Uint8Array(digest)));
    });
  }

  function uploadOne(file) {
    if (uploadedKeys.has(file)) return Promise.resolve(uploadedKeys.get(file));
    return sha256Base64(file).then(function (sha256) {
      return fetch('/v1/channels/webform/uploads', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ contentType: file.type, size: file.size, sha256: sha256, fileName: file.name }),
      });
    }).then(function (r) {
      return readJson(r).then(function (body) {
        if (!r.ok) {
          var refused = serverErrors(body);
          throw { field: 'attachments', message: refused.title };
        }
        var data = new FormData();
        Object.keys(body.fields).forEach(function (k) { data.append(k, body.fields[k]); });
        data.append('file', file);
        return fetch(body.url, { method: 'POST', body: data }).then(function (s3) {
          if (!s3.ok) throw { field: 'attachments', message: '图片上传失败（' + s3.status + '）：' + file.name };
          uploadedKeys.set(file, body.key);
          return body.key;
        });
      });
    });
  }

  function submission(keys) {
    var body = {
      type: $('type').value,
      category: $('category').value,
      district: $('district').value,
      content: $('content').value.trim(),
      phone: normalisePhone($('phone').value),
      attachments: keys,
    };
    var address = $('address').value.trim();
    var name = $('name').value.trim();
    if (codeGiven()) {
      body.verificationId = verificationId;
      body.code = $('code').value.trim();
    }
    if (address) body.address = address;
    if (name) body.name = name;
    return body;
  }

  function setBusy(on, label) {
    busy = on;
    submitButton.disabled = on;
    submitButton.textContent = label;
  }

  function onSubmit(event) {
    event.preventDefault();
    if (busy) return;
    clearErrors();
    var errors = validate();
    if (Object.keys(errors).length) return showErrors(errors, '请修改以下内容后再提交');
    if (!pendingKey) pendingKey = newKey();
    var key = pendingKey;
    var files = Array.prototype.slice.call($('attachments').files || []);
    setBusy(true, files.length ? '正在上传图片…' : '正在提交…');
    Promise.all(files.map(uploadOne)).then(function (keys) {
      setBusy(true, '正在提交…');
      return fetch('/v1/channels/webform', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(submission(keys)),
      });
    }).then(function (r) {
      return readJson(r).then(function (body) {
        if (r.status === 202) return submitted(body.trackingNo);
        if (r.status === 429) return showSummary('提交过于频繁，请稍后再试', []);
        var refused = serverErrors(body);
        // A photo's grant expired or was used: the next attempt uploads it again under a new one.
        if (body.error && body.error.code === 'invalid_attachment') uploadedKeys = new Map();
        if (r.status >= 500) return showSummary(refused.title + '（可直接再次提交，不会重复受理）', []);
        showErrors(refused.byField, refused.title);
        if (!Object.keys(refused.byField).length) showSummary(refused.title, []);
      });
    }).catch(function (e) {
      if (e && e.field) return showErrors({ attachments: e.message }, '图片上传失败');
      showSummary('网络异常，请检查网络后再次提交（不会重复受理）', []);
    }).then(function () { setBusy(false, '提交诉求'); });
  }

  // The button waits out the interval the server counts per number (or the Retry-After it gave).
  function startCountdown(seconds) {
    var button = $('code-button');
    var left = seconds;
    if (countdown) clearInterval(countdown);
    button.disabled = true;
    button.textContent = '重新获取（' + left + ' 秒）';
    countdown = setInterval(function () {
      left -= 1;
      if (left > 0) { button.textContent = '重新获取（' + left + ' 秒）'; return; }
      clearInterval(countdown);
      countdown = null;
      button.disabled = false;
      button.textContent = '获取验证码';
    }, 1000);
  }

  function requestCode() {
    var phone = normalisePhone($('phone').value);
    setError('phone', '');
    setError('code', '');
    if (!/^1[3-9]\d{9}$/.test(phone)) {
      setError('phone', '须为中国大陆手机号（11 位，13–19 开头）');
      $('phone').focus();
      return;
    }
    $('code-button').disabled = true;
    fetch('/v1/channels/webform/verifications', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: phone }),
    }).then(function (r) {
      return readJson(r).then(function (body) {
        if (r.status === 202) {
          verificationId = body.verificationId;
          $('code-hint').textContent = '验证码已发送至 ' + phone.slice(0, 3) + '****' + phone.slice(-4) + '，' + Math.round(body.expiresInSeconds / 60) + ' 分钟内有效';
          startCountdown(60);
          $('code').focus();
          return;
        }
        var message = (body.error && body.error.message) || '验证码发送失败，请稍后重试';
        if (body.error && body.error.code === 'invalid_phone') setError('phone', message);
        else setError('code', message);
        var wait = Number(r.headers.get('retry-after'));
        if (r.status === 429 && wait > 0 && wait <= 600) startCountdown(Math.ceil(wait));
        else $('code-button').disabled = false;
      });
    }).catch(function () {
      setError('code', '网络异常，请稍后重试');
      $('code-button').disabled = false;
    });
  }

  function submitted(trackingNo) {
    var last4 = normalisePhone($('phone').value).slice(-4);
    verificationId = null;
    pendingKey = null;
    uploadedKeys = new Map();
    form.reset();
    typeTouched = false;
    $('submit-section').hidden = true;
    $('result-section').hidden = false;
    $('tracking-no').textContent = trackingNo;
    $('lookup-no').value = trackingNo;
    $('lookup-last4').value = last4;
    $('result-section').focus();
  }

  function formatTime(iso) {
    if (!iso) return '—';
    try {
      return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    } catch (e) {
      return iso;
    }
  }

  function showCase(kase) {
    var dl = $('case-details');
    dl.textContent = '';
    [
      ['工单号', kase.trackingNo],
      ['办理状态', kase.statusText],
      // 并单: a merged case shows itself only (never the case it joined), handled with that one
      ['承办单位', kase.department ? kase.department.name : kase.status === 'merged' ? '并单办理' : '待分派'],
      ['诉求类别', kase.category && kase.category.name],
      ['所在区县', kase.district && kase.district.name],
      ['受理时间', formatTime(kase.receivedAt)],
      ['办理期限', formatTime(kase.dueAt)],
    ].concat(
      kase.completedAt ? [['办结时间', formatTime(kase.completedAt)]] : [],
      kase.note ? [['说明', kase.note]] : [], // 并单: that it was merged and is being handled
      kase.reply ? [['办理答复', kase.reply, 'reply']] : [] // the department's reply, once completed
    ).forEach(function (row) {
      var dt = document.createElement('dt');
      var dd = document.createElement('dd');
      dt.textContent = row[0];
      dd.textContent = row[1] || '—';
      if (row[2]) dd.className = row[2];
      dl.appendChild(dt);
      dl.appendChild(dd);
    });
    dl.hidden = false;
    showRating(kase);
  }

  // 回访: the rating page's link, only while the case awaits its rating; a path on this origin only.
  function showRating(kase) {
    var box = $('rate-box');
    var url = String(kase.feedbackUrl || '');
    if (url.indexOf('/v1/cases/') !== 0) { box.hidden = true; return; }
    $('rate-link').setAttribute('href', url);
    $('rate-until').textContent = kase.feedbackOpenUntil ? '请在 ' + formatTime(kase.feedbackOpenUntil) + ' 前评价' : '';
    box.hidden = false;
  }

  // A new case reaches the table a moment after the 202 (it is queued first): a lookup right after
  // submitting retries a few times before it says "not found".
  function lookup(attempts) {
    var message = $('lookup-message');
    var no = $('lookup-no').value.toUpperCase().replace(/[\s-]/g, '');
    var last4 = $('lookup-last4').value.trim();
    setError('lookup-no', '');
    setError('lookup-last4', '');
    $('case-details').hidden = true;
    $('rate-box').hidden = true;
    var bad = false;
    if (!/^\d{6}[2-9A-HJKMNP-TV-Z]{8}$/.test(no)) { setError('lookup-no', '工单号格式不正确，例如 250101-ABCD-EFGH'); bad = true; }
    if (!/^\d{4}$/.test(last4)) { setError('lookup-last4', '请输入手机号后四位数字'); bad = true; }
    if (bad) { message.textContent = ''; return; }
    message.textContent = '正在查询…';
    fetch('/v1/cases/' + encodeURIComponent(no) + '?phoneLast4=' + last4).then(function (r) {
      return readJson(r).then(function (body) {
        if (r.ok) { message.textContent = ''; return showCase(body); }
        if (r.status === 404 && attempts > 1) return new Promise(function (ok) { setTimeout(ok, 1000); }).then(function () { return lookup(attempts - 1); });
        message.textContent = r.status === 429 ? '查询过于频繁，请稍后再试' : serverErrors(body).title;
      });
    }).catch(function () { message.textContent = '网络异常，请稍后重试'; });
  }

  form.addEventListener('submit', onSubmit);
  form.addEventListener('input', function (event) {
    pendingKey = null;
    if (event.target && event.target.id) setError(event.target.id, '');
    if (event.target && event.target.id === 'content') $('content-count').textContent = String($('content').value.trim().length);
  });
  $('type').addEventListener('change', function () { typeTouched = true; });
  $('category').addEventListener('change', function () {
    var option = $('category').selectedOptions[0];
    var suggested = option && option.getAttribute('data-type');
    if (suggested && !typeTouched) $('type').value = suggested;
  });
  $('attachments').addEventListener('change', function () {
    var list = $('file-list');
    list.textContent = '';
    Array.prototype.forEach.call($('attachments').files || [], function (f) {
      var li = document.createElement('li');
      li.textContent = f.name + '（' + Math.max(1, Math.round(f.size / 1024)) + ' KB）';
      list.appendChild(li);
    });
  });
  $('code-button').addEventListener('click', requestCode);
  // A code is for the number it was sent to: another number needs its own.
  $('phone').addEventListener('change', function () { verificationId = null; });
  lookupForm.addEventListener('submit', function (event) { event.preventDefault(); lookup(1); });
  $('lookup-after-submit').addEventListener('click', function () {
    $('lookup-section').scrollIntoView();
    lookup(8);
  });
  $('new-appeal').addEventListener('click', function () {
    $('result-section').hidden = true;
    $('submit-section').hidden = false;
    $('content-count').textContent = '0';
    $('file-list').textContent = '';
  });
  loadDirectory();
})();`;

/** The script with the server's limits written in, so the page and the API agree. */
export const PAGE_SCRIPT = SCRIPT.replace(
  '__LIMITS__',
  JSON.stringify({ maxBytes: MAX_ATTACHMENT_BYTES, maxFiles: MAX_ATTACHMENTS, types: ATTACHMENT_TYPES }),
);
