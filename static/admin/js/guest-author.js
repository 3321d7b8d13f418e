'use strict';
// The byline author picker offers “Add ‘NAME’ as a new author” when nobody of that name exists.
// Choosing it creates a guest author (unlisted, flagged for bio staff) on the server and selects
// the new record; nothing else about authors can be edited from the article form.
{
    const $ = django.jQuery;
    const script = document.currentScript;
    const addUrl = script.dataset.url;
    const NEW = '__new_author__';

    const isBylineAuthor = (element) =>
        element.dataset.modelName === 'byline' && element.dataset.fieldName === 'author';

    const offerNew = (data, params) => {
        const term = (params.term || '').trim().replace(/\s+/g, ' ');
        const results = data.results || [];
        const exact = results.some((r) => r.text.trim().toLowerCase() === term.toLowerCase());
        if (term.length > 1 && !exact && !(params.page > 1)) {
            results.push({id: NEW, text: `Add ‘${term}’ as a new author`, newName: term});
        }
        return {results, pagination: data.pagination};
    };

    const create = (select, name) => {
        const form = select.closest('form');
        const body = new FormData();
        body.append('name', name);
        body.append('csrfmiddlewaretoken', form.querySelector('[name=csrfmiddlewaretoken]').value);
        $(select).find(`option[value="${NEW}"]`).remove();
        fetch(addUrl, {method: 'POST', body, credentials: 'same-origin'})
            .then((response) => response.json().then((json) => ({ok: response.ok, json})))
            .then(({ok, json}) => {
                if (!ok) throw new Error(json.error || 'The author could not be added.');
                $(select).append(new Option(json.text, json.id, true, true)).trigger('change');
                const status = document.getElementById('guest-author-status');
                if (status) status.textContent = json.message;
            })
            .catch((error) => {
                $(select).val(null).trigger('change');
                window.alert(error.message);
            });
    };

    const original = $.fn.djangoAdminSelect2;
    $.fn.djangoAdminSelect2 = function() {
        const bylines = this.filter((i, element) => isBylineAuthor(element));
        original.call(this.not(bylines));
        $.each(bylines, function(i, element) {
            $(element).select2({
                ajax: {
                    data: (params) => ({
                        term: params.term,
                        page: params.page,
                        app_label: element.dataset.appLabel,
                        model_name: element.dataset.modelName,
                        field_name: element.dataset.fieldName,
                    }),
                    processResults: offerNew,
                },
            });
            $(element).on('select2:select', (event) => {
                if (event.params.data.id === NEW) create(element, event.params.data.newName);
            });
        });
        return this;
    };

    // What happened (and any likely duplicate) is shown under the bylines and announced.
    document.addEventListener('DOMContentLoaded', () => {
        const live = document.createElement('p');
        live.id = 'guest-author-status';
        live.className = 'help';
        live.setAttribute('role', 'status');
        (document.getElementById('bylines-group') || document.body).appendChild(live);
    });
}
