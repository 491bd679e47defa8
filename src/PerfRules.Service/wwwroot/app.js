// The upload page: sends the chosen files to /api/v1/lint and shows the findings by project.
// Plain JavaScript, no libraries; all text from the server is inserted as text, never as HTML.
(function () {
  'use strict';

  var SEVERITY = { error: '错误', warning: '警告', info: '提示' };
  var input = document.getElementById('file');
  var drop = document.getElementById('drop');
  var statusBox = document.getElementById('status');
  var actions = document.getElementById('actions');
  var summaryBox = document.getElementById('summary');
  var results = document.getElementById('results');
  var lastFiles = [];
  var lastJson = null;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'className') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }

  function setStatus(text, isError) {
    statusBox.textContent = text;
    statusBox.className = isError ? 'error' : '';
  }

  function formData(files) {
    var fd = new FormData();
    files.forEach(function (f) { fd.append('files', f, f.name); });
    return fd;
  }

  // Reads a problem document (RFC 7807) into one Chinese sentence.
  function problemText(response, body) {
    try {
      var p = JSON.parse(body);
      return (p.title || '请求失败') + '：' + (p.detail || ('HTTP ' + response.status));
    } catch (e) {
      return '请求失败：HTTP ' + response.status;
    }
  }

  // Resolves to the report as text, or as a Blob when asBlob (the xlsx workbook is binary).
  function post(files, format, asBlob) {
    return fetch('/api/v1/lint?format=' + format, { method: 'POST', body: formData(files) })
      .then(function (r) {
        if (!r.ok) return r.text().then(function (body) { throw new Error(problemText(r, body)); });
        return asBlob ? r.blob() : r.text();
      });
  }

  function groupName(f) {
    if (f.project) return (f.unit ? f.unit + ' › ' : '') + f.project;
    if (f.unit) return f.unit + '（单位）';
    return '文档整体';
  }

  function severityBadge(s) {
    return el('span', { className: 'sev sev-' + s, text: SEVERITY[s] || s });
  }

  // Every line of the finding's span and of the indicator or row it is in, the span's columns marked.
  function sourceLines(lines) {
    if (!lines || lines.length === 0) return null;
    var pre = el('pre', { className: 'src' });
    lines.forEach(function (l, i) {
      if (i > 0) pre.appendChild(document.createTextNode('\n'));
      pre.appendChild(el('span', { className: 'ln', text: String(l.line) }));
      var text = l.text || '';
      if (!l.startColumn || l.startColumn > text.length) { pre.appendChild(document.createTextNode(text)); return; }
      var from = Math.max(0, l.startColumn - 1);
      var to = Math.min(text.length, Math.max(from, l.endColumn));
      pre.appendChild(document.createTextNode(text.slice(0, from)));
      pre.appendChild(to > from ? el('mark', { text: text.slice(from, to) }) : el('mark', { className: 'empty', text: ' ' }));
      pre.appendChild(document.createTextNode(text.slice(to)));
    });
    return pre;
  }

  function renderDocument(doc) {
    var counts = { error: 0, warning: 0, info: 0 };
    doc.findings.forEach(function (f) { if (counts[f.severity] !== undefined) counts[f.severity]++; });
    var section = el('section', { className: 'doc', 'data-file': doc.file }, [
      el('h2', { text: doc.file }),
      el('p', { className: 'meta', text: (doc.department || '未识别部门') + ' · ' +
        counts.error + ' 个错误，' + counts.warning + ' 个警告，' + counts.info + ' 个提示' })
    ]);
    if (doc.findings.length === 0) {
      section.appendChild(el('p', { className: 'clean', text: '未发现问题。' }));
      return section;
    }
    // Groups keep the order in which their first finding appears in the document.
    var groups = [];
    var byName = {};
    doc.findings.forEach(function (f) {
      var g = groupName(f);
      if (!byName[g]) { byName[g] = []; groups.push(g); }
      byName[g].push(f);
    });
    var tbody = el('tbody');
    groups.forEach(function (g) {
      tbody.appendChild(el('tr', { className: 'group' }, [
        el('td', { colspan: '5', text: g + '（' + byName[g].length + ' 条）' })
      ]));
      byName[g].forEach(function (f) {
        tbody.appendChild(el('tr', { className: 'finding', 'data-rule': f.ruleId, 'data-severity': f.severity }, [
          el('td', { className: 'line', text: f.line ? String(f.line) : '—' }),
          el('td', {}, [severityBadge(f.severity)]),
          el('td', {}, [el('a', { className: 'rule', href: '/rules#rule-' + encodeURIComponent(f.ruleId), text: f.ruleId, title: f.title || '' })]),
          el('td', { text: f.indicator ? '指标 ' + f.indicator : '' }),
          el('td', {}, [
            el('span', { text: f.message }),
            f.fix ? el('div', { className: 'fix', text: '修改建议：' + f.fix }) : null,
            sourceLines(f.source)
          ])
        ]));
      });
    });
    section.appendChild(el('table', {}, [
      el('thead', {}, [el('tr', {}, ['行号', '级别', '规则', '位置', '说明'].map(function (h) { return el('th', { text: h }); }))]),
      tbody
    ]));
    return section;
  }

  function render(report) {
    results.textContent = '';
    var s = report.summary;
    summaryBox.textContent = '共检查 ' + s.documents + ' 个文件：' + s.errors + ' 个错误，' +
      s.warnings + ' 个警告，' + s.infos + ' 个提示（规则集 ' + report.ruleSet + ' ' + report.ruleSetVersion + '）';
    report.documents.forEach(function (d) { results.appendChild(renderDocument(d)); });
    results.setAttribute('data-count', String(report.documents.reduce(function (n, d) { return n + d.findings.length; }, 0)));
  }

  function download(content, name, type) {
    var url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type: type }));
    var a = el('a', { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function baseName() {
    return lastFiles.length === 1 ? lastFiles[0].name.replace(/\.[^.]*$/, '') : 'perfrules';
  }

  // Checks the files and shows the findings; resolves to the JSON report (also used by tests).
  function checkFiles(fileList) {
    var files = Array.prototype.slice.call(fileList || []);
    if (files.length === 0) return Promise.resolve(null);
    lastFiles = files;
    lastJson = null;
    actions.hidden = true;
    document.body.setAttribute('data-state', 'busy');
    setStatus('正在检查 ' + files.length + ' 个文件……');
    return post(files, 'json').then(function (body) {
      lastJson = body;
      var report = JSON.parse(body);
      render(report);
      setStatus('检查完成。');
      actions.hidden = false;
      document.body.setAttribute('data-state', 'done');
      return report;
    }).catch(function (e) {
      results.textContent = '';
      summaryBox.textContent = '';
      setStatus(e.message, true);
      document.body.setAttribute('data-state', 'error');
      return null;
    });
  }

  input.addEventListener('change', function () { checkFiles(input.files); });
  ['dragenter', 'dragover'].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (e) { checkFiles(e.dataTransfer && e.dataTransfer.files); });

  document.getElementById('download-json').addEventListener('click', function () {
    if (lastJson) download(lastJson, baseName() + '.perfrules.json', 'application/json');
  });
  // The reports for people (HTML, Excel) and SARIF are made by the service for the same files on demand.
  // Labels before which Latin words start with a space, as Chinese text spaces them.
  [
    { id: 'download-html', format: 'html', ext: '.perfrules.html', type: 'text/html', label: '网页报告' },
    { id: 'download-xlsx', format: 'xlsx', ext: '.perfrules.xlsx', blob: true, label: ' Excel 报告' },
    { id: 'download-sarif', format: 'sarif', ext: '.sarif', type: 'application/sarif+json', label: ' SARIF' }
  ].forEach(function (d) {
    document.getElementById(d.id).addEventListener('click', function () {
      if (lastFiles.length === 0) return;
      setStatus('正在生成' + d.label + '……');
      post(lastFiles, d.format, d.blob).then(function (body) {
        download(body, baseName() + d.ext, d.type);
        setStatus('已生成' + d.label + '。');
      }).catch(function (e) { setStatus(e.message, true); });
    });
  });

  fetch('/healthz').then(function (r) { return r.json(); }).then(function (h) {
    if (h.limits) {
      document.getElementById('limits').textContent = '每次最多 ' + h.limits.maxFiles + ' 个文件，合计不超过 ' +
        (h.limits.maxRequestBytes / 1048576).toFixed(1) + ' MB。规则集：' + h.ruleSet + ' ' + h.ruleSetVersion + '（' + h.rules + ' 条规则）';
    }
  }).catch(function () { /* the hint is optional */ });

  window.perfrules = { checkFiles: checkFiles };
})();
